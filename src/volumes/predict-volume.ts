/**
 * predictVolume(): a volume segmented slice by slice with predict() (the same model, options and inference as for
 * an image), the label slices assembled into a label volume on the source's voxel grid, and the per-class voxel
 * counts and volumes in millilitres (voxel volume = |det| of the affine's 3x3, 1 mL = 1000 mm^3).
 */
import { predict, type PredictOptions } from '../pipeline/predict.js';
import type { ClassInfo } from '../core/types.js';
import { expected, SemsegError } from '../core/errors.js';
import type { SegmentationModel } from '../models/types.js';
import { voxelVolumeMm3 } from './affine.js';
import { parseVolumeAxis, placeSlice, sliceCount, volumeSlice } from './slices.js';
import { defaultWindow, parseWindow, windowRange, windowText, type WindowSpec } from './window.js';
import type { Volume, VolumeAxis } from './types.js';

export interface PredictVolumeOptions extends Omit<PredictOptions, 'outputs' | 'source'> {
  /** Slicing axis; default 2 (k, axial). */
  axis?: VolumeAxis;
  /** Intensity window; default defaultWindow(volume). */
  window?: WindowSpec;
  /** 2.5-D: neighbouring slices on each side given as extra channels (slices.ts); the model must take 2n + 1. */
  context?: number;
  /** Called after each slice. */
  onSlice?: (done: number, total: number) => void;
}

export interface VolumeClassStat {
  id: number;
  name: string;
  voxels: number;
  millilitres: number;
}

export interface VolumePrediction {
  labels: Uint8Array | Uint16Array;
  dims: [number, number, number];
  axis: VolumeAxis;
  window: string;
  /** Neighbouring slices each side given as channels (0: plain 2-D). */
  context: number;
  /** The [lo, hi] intensities that became 0 and 255. */
  windowRange: [number, number];
  voxelMm3: number;
  classes: ClassInfo[];
  stats: VolumeClassStat[];
}

/** The model must take 2 x context + 1 channels (one per slice of the slab). */
export function checkContext(model: SegmentationModel, context: number): void {
  if (!(Number.isInteger(context) && context >= 0 && context <= 16)) throw expected('an integer from 0 to 16', 'context', context);
  const channels = model.card.input.channels;
  if (context > 0 && channels !== 2 * context + 1) {
    throw new SemsegError('INVALID_ARGUMENT', `Expected a model taking ${2 * context + 1} channels (2 x context + 1 slices) for context ${context} but ${model.card.name} takes ${channels}`);
  }
}

export async function predictVolume(model: SegmentationModel, volume: Volume, options: PredictVolumeOptions = {}): Promise<VolumePrediction> {
  // Flags (options) first, then the card's volume defaults, then the built-in ones.
  const card = model.card.volume;
  const {
    axis = card?.axis === undefined ? 2 : parseVolumeAxis(card.axis, 'volume.axis'),
    window = card?.window === undefined ? defaultWindow(volume) : parseWindow(card.window, 'volume.window'),
    context = card?.context ?? 0,
    onSlice,
    ...predictOptions
  } = options;
  checkContext(model, context);
  const range = windowRange(volume, window);
  const classes = model.card.classes;
  const maxId = Math.max(...classes.map((c) => c.id));
  const voxels = volume.data.length;
  const labels = maxId > 255 ? new Uint16Array(voxels) : new Uint8Array(voxels);
  const total = sliceCount(volume.dims, axis);
  for (let index = 0; index < total; index++) {
    const slice = volumeSlice(volume, axis, index, range, context);
    const { map } = await predict(model, slice, { ...predictOptions, outputs: [], confidence: false });
    placeSlice(labels, volume.dims, axis, index, map.labels);
    onSlice?.(index + 1, total);
  }
  const counts = new Float64Array(maxId + 1);
  for (let i = 0; i < voxels; i++) counts[labels[i]]++;
  const voxelMm3 = voxelVolumeMm3(volume.affine);
  const stats = classes.map((c) => ({ id: c.id, name: c.name, voxels: counts[c.id], millilitres: (counts[c.id] * voxelMm3) / 1000 }));
  return { labels, dims: volume.dims, axis, window: windowText(window), context, windowRange: range, voxelMm3, classes, stats };
}

/** The JSON written beside the label volume. */
export function volumeJson(volume: Volume, prediction: VolumePrediction, model: { name: string; version?: string }) {
  return {
    source: volume.source,
    model,
    dims: prediction.dims,
    datatype: volume.datatype,
    axis: prediction.axis,
    slices: prediction.dims[prediction.axis],
    window: prediction.window,
    context: prediction.context,
    windowRange: prediction.windowRange,
    affine: volume.affine,
    qformCode: volume.spatial.qformCode,
    sformCode: volume.spatial.sformCode,
    pixdim: volume.spatial.pixdim.slice(1, 4),
    voxelMm3: prediction.voxelMm3,
    classes: prediction.stats,
  };
}
