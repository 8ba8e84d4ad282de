/**
 * `semseg predict vol.nii.gz --outputs nifti,json` (or a multi-page TIFF stack): volumes segmented slice by slice
 * (volumes/predict-volume) and written as a label volume on the same voxel grid — NIfTI (`<stem>.labels.nii.gz`,
 * or `.labels.nii` for a `.nii` input) and/or a multi-page TIFF (`<stem>.labels.tif`) — plus `<stem>.json`
 * (per-class voxels and millilitres, affine, dims, axis, window). One failed volume never stops the others;
 * summary.json lists every volume.
 */
import { join } from 'node:path';
import { expected, firstLine, SemsegError } from '../core/errors.js';
import { writeFileAtomic } from '../io/file-sink.js';
import { isNiftiPath, writeNiftiFile } from '../io/nifti-file.js';
import { readVolumeFile, volumeStem } from '../io/volume-file.js';
import { encodeNiftiLabels } from '../formats/nifti-labels.js';
import { encodeTiffStackLabels } from '../formats/tiff-stack-labels.js';
import { predictVolume, volumeJson, type PredictVolumeOptions } from '../volumes/predict-volume.js';
import { parseWindow } from '../volumes/window.js';
import { parseVolumeAxis } from '../volumes/slices.js';
import type { VolumeAxis } from '../volumes/types.js';
import type { SegmentationModel } from '../models/types.js';
import { printablePath, type InputFile } from './output-names.js';
import { outputPath } from '../io/output-files.js';

/** Outputs a volume can have. */
export const VOLUME_OUTPUTS = ['nifti', 'tiff', 'json'] as const;

/** What a volume gets when --outputs is not given: its own format back, and the JSON. */
export function defaultVolumeOutputs(path: string): string[] {
  return [isNiftiPath(path) ? 'nifti' : 'tiff', 'json'];
}

/** `--axis i|j|k` (or 0|1|2). */
export const parseAxis = (value: string): VolumeAxis => parseVolumeAxis(value, '--axis');

/** `--spacing x,y,z`: three positive voxel sizes in mm. */
export function parseSpacing(value: string): [number, number, number] {
  const parts = value.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 3 || parts.some((p) => !(Number.isFinite(p) && p > 0))) throw expected('three positive numbers x,y,z (mm)', '--spacing', value);
  return parts as [number, number, number];
}

export interface VolumeRunOptions extends Omit<PredictVolumeOptions, 'window'> {
  outDir: string;
  /** The outputs asked for; undefined: defaultVolumeOutputs() of each input. */
  outputs?: readonly string[];
  window?: string;
  maxVoxels?: number;
  /** TIFF stacks: voxel size in mm. */
  spacing?: [number, number, number];
}

export interface VolumeItemResult {
  file: string;
  ok: boolean;
  code?: string;
  error?: string;
  files?: string[];
  dims?: number[];
  classes?: { id: number; name: string; voxels: number; millilitres: number }[];
  milliseconds: number;
}

async function predictOneVolume(model: SegmentationModel, input: InputFile, options: VolumeRunOptions): Promise<VolumeItemResult> {
  const started = performance.now();
  try {
    const { outDir, window, maxVoxels, spacing, ...rest } = options;
    const outputs = options.outputs ?? defaultVolumeOutputs(input.path);
    const volume = await readVolumeFile(input.path, { maxVoxels, spacing });
    const prediction = await predictVolume(model, volume, { ...rest, window: window === undefined ? undefined : parseWindow(window, '--window') });
    const stem = volumeStem(input.name);
    const files: string[] = [];
    if (outputs.includes('nifti')) {
      const path = outputPath(outDir, stem, isNiftiPath(input.path) && !/\.gz$/i.test(input.path) ? '.labels.nii' : '.labels.nii.gz');
      await writeNiftiFile(path, encodeNiftiLabels({ labels: prediction.labels, dims: prediction.dims, spatial: volume.spatial, description: `semseg ${model.card.name}` }));
      files.push(path);
    }
    if (outputs.includes('tiff')) {
      const path = outputPath(outDir, stem, '.labels.tif');
      await writeFileAtomic(path, await encodeTiffStackLabels(prediction.labels, prediction.dims));
      files.push(path);
    }
    if (outputs.includes('json')) {
      const path = outputPath(outDir, stem, '.json');
      await writeFileAtomic(path, `${JSON.stringify(volumeJson(volume, prediction, { name: model.card.name, version: model.card.version }), null, 2)}\n`);
      files.push(path);
    }
    return { file: input.path, ok: true, files, dims: prediction.dims, classes: prediction.stats, milliseconds: performance.now() - started };
  } catch (error) {
    const known = error instanceof SemsegError;
    return { file: input.path, ok: false, code: known ? error.code : 'INTERNAL', error: firstLine(error instanceof Error ? error.message : String(error), 500), milliseconds: performance.now() - started };
  }
}

/** Every volume in turn; writes summary.json; returns the results (the caller prints and sets the exit code). */
export async function predictVolumes(model: SegmentationModel, files: InputFile[], options: VolumeRunOptions, log: (line: string) => void): Promise<VolumeItemResult[]> {
  const results: VolumeItemResult[] = [];
  for (const file of files) {
    if (options.signal?.aborted) break;
    const result = await predictOneVolume(model, file, options);
    if (result.ok) log(`${printablePath(file.path)}: ${result.dims!.join(' x ')} voxels, ${result.classes!.map((c) => `${c.name} ${c.millilitres.toPrecision(4)} mL`).join(', ')}`);
    else log(`error: ${printablePath(file.path)}: ${result.error} [${result.code}]`);
    results.push(result);
  }
  const summary = { model: { name: model.card.name, version: model.card.version }, volumes: files.length, written: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length, results };
  await writeFileAtomic(join(options.outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return results;
}
