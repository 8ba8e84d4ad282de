/**
 * Sliding windows and test-time augmentation, from a row source to label strips. What is averaged:
 *
 * - slide without TTA: window scores as the model gives them (logits for logit models), blended per pixel, then
 *   argmax; confidence is the softmax of the blended logits (MMSegmentation's slide mode);
 * - TTA (whole or slide): for each augmentation (scale, flip) the image is resized (bilinear) and/or mirrored, run
 *   whole or with windows, and its scores are mirrored back and resized to the image (bilinear, card
 *   align_corners); each is turned into softmax probabilities (sigmoid for one channel) and the probabilities are
 *   averaged, then argmax; confidence is the averaged probability of the winner (MMSegmentation's SegTTAModel).
 *
 * Slide mode keeps one window height of scores per augmentation (augmentations advance together, row by row);
 * whole mode with TTA keeps one probability sum of the image's size and runs the augmentations one after another.
 */
import type { LabelMap } from '../core/types.js';
import { expected } from '../core/errors.js';
import type { SegmentationModel } from '../models/types.js';
import { addProbabilities, decideRow, type ScoreKind } from './decide.js';
import { entropySum } from '../postprocess/entropy.js';
import { scaledSize, type Augmentation, type ResolvedInference } from './options.js';
import { resampledSource, type RowSource } from './row-source.js';
import { gridRows, resampledRows, scoreChannels, type ScoreRows } from './score-rows.js';
import { slideRows } from './slide.js';
import { planWindows } from './window-plan.js';
import { guardedModel } from './call-options.js';

/** Finished rows [y, y + rows) of the label map; the buffers are reused once the sink returns (or resolves). */
export interface LabelStrip {
  y: number;
  rows: number;
  labels: Uint8Array | Uint16Array;
  confidence?: Float32Array;
  /** With the `entropy` option: the sum of the strip's per-pixel normalised entropies (postprocess/entropy.ts). */
  entropy?: number;
}

export type LabelSink = (strip: LabelStrip) => void | Promise<void>;

export interface RowSegmentOptions {
  /** Compute per-pixel confidence. Default true. */
  confidence?: boolean;
  /** Sum the normalised entropy of the (averaged) probabilities per strip (LabelStrip.entropy). Default false. */
  entropy?: boolean;
  /** Called after every model run (window, or whole image) with the runs done and the runs planned. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops before the next model run and rejects with `CANCELLED`; a running one's result is dropped. */
  signal?: AbortSignal;
  /** Milliseconds for the whole segmentation; rejects with `TIMEOUT` (each run gets what is left). */
  timeoutMs?: number;
}

const STRIP_ROWS = 32;
const NO_AUGMENTATION: Augmentation = { scale: 1, flip: false };

/** Model runs the plan needs: windows per augmentation in slide mode, one per augmentation in whole mode. */
export function countRuns(width: number, height: number, inference: ResolvedInference): number {
  return (inference.augmentations ?? [NO_AUGMENTATION]).reduce((sum, aug) => {
    if (inference.mode === 'whole') return sum + 1;
    const size = scaledSize(width, height, aug.scale);
    const plan = planWindows(size.width, size.height, inference.crop, inference.stride);
    return sum + plan.xs.length * plan.ys.length;
  }, 0);
}

function augmentedRows(model: SegmentationModel, source: RowSource, inference: ResolvedInference, aug: Augmentation, onRun: () => void): ScoreRows {
  const { width, height } = source;
  const size = scaledSize(width, height, aug.scale);
  const identity = size.width === width && size.height === height && !aug.flip;
  const input = identity ? source : resampledSource(source, size.width, size.height, aug.flip);
  const { crop, stride, blend } = inference;
  const rows = inference.mode === 'slide' ? slideRows(model, input, { crop, stride, blend, onWindow: onRun }) : gridRows(model, input, onRun);
  return identity ? rows : resampledRows(rows, width, height, aug.flip, model.card.output.alignCorners);
}

/** Rows of averaged probabilities over every augmentation, advancing all augmentations together. */
function lockstepAverage(all: ScoreRows[], kind: ScoreKind): (out: Float32Array) => Promise<void> {
  const { channels, width } = all[0];
  const scratch = new Float32Array(channels * width);
  return async (out) => {
    out.fill(0);
    for (const rows of all) {
      await rows.next(scratch);
      addProbabilities(scratch, channels, width, kind, out);
    }
    for (let i = 0; i < out.length; i++) out[i] /= all.length;
  };
}

/** Rows of averaged probabilities, running one augmentation at a time into a sum of the image's size. */
async function sequentialAverage(make: (aug: Augmentation) => ScoreRows, augs: Augmentation[], kind: ScoreKind, channels: number, width: number, height: number) {
  const rowLength = channels * width;
  const sum = new Float32Array(rowLength * height);
  const scratch = new Float32Array(rowLength);
  for (const aug of augs) {
    const rows = make(aug);
    for (let y = 0; y < height; y++) {
      await rows.next(scratch);
      addProbabilities(scratch, channels, width, kind, sum.subarray(y * rowLength, (y + 1) * rowLength));
    }
  }
  let y = 0;
  return async (out: Float32Array) => {
    const row = sum.subarray(y * rowLength, ++y * rowLength);
    for (let i = 0; i < rowLength; i++) out[i] = row[i] / augs.length;
  };
}

/** Segments `source` with the resolved plan, handing finished label strips to `sink` from top to bottom. */
export async function segmentRows(given: SegmentationModel, source: RowSource, inference: ResolvedInference, sink: LabelSink, options: RowSegmentOptions = {}): Promise<void> {
  const { kind } = given.card.output;
  const model = guardedModel(given, options);
  if (kind === 'labels') throw expected('a model with score outputs (logits or probabilities)', 'sliding windows and TTA', `model ${model.card.name}, which outputs labels`);
  const { width, height } = source;
  const channels = scoreChannels(model);
  const total = countRuns(width, height, inference);
  let done = 0;
  const onRun = () => options.onProgress?.(++done, total);
  const make = (aug: Augmentation) => augmentedRows(model, source, inference, aug, onRun);
  const augs = inference.augmentations;
  let next: (out: Float32Array) => Promise<void>;
  if (!augs) {
    const rows = make(NO_AUGMENTATION);
    next = (out) => rows.next(out);
  } else if (inference.mode === 'slide') {
    next = lockstepAverage(augs.map(make), kind);
  } else {
    next = await sequentialAverage(make, augs, kind, channels, width, height);
  }
  const rowKind: ScoreKind = augs ? 'probabilities' : kind;
  const stripRows = Math.min(STRIP_ROWS, height);
  const labels = model.card.classes.length > 256 ? new Uint16Array(stripRows * width) : new Uint8Array(stripRows * width);
  const confidence = options.confidence ?? true ? new Float32Array(stripRows * width) : undefined;
  const row = new Float32Array(channels * width);
  const wantEntropy = options.entropy === true;
  for (let y0 = 0; y0 < height; y0 += stripRows) {
    const rows = Math.min(stripRows, height - y0);
    let entropy = 0;
    for (let r = 0; r < rows; r++) {
      await next(row);
      decideRow(row, channels, width, rowKind, labels, confidence, r * width);
      if (wantEntropy) entropy += entropySum(row, channels, width, rowKind);
    }
    const strip: LabelStrip = { y: y0, rows, labels: labels.subarray(0, rows * width), confidence: confidence?.subarray(0, rows * width) };
    if (wantEntropy) strip.entropy = entropy;
    await sink(strip);
  }
}

/** segmentRows into an in-memory LabelMap. */
export async function segmentToLabelMap(model: SegmentationModel, source: RowSource, inference: ResolvedInference, options: RowSegmentOptions = {}): Promise<LabelMap> {
  const { width, height } = source;
  const { classes } = model.card;
  const n = width * height;
  const labels = classes.length > 256 ? new Uint16Array(n) : new Uint8Array(n);
  const confidence = options.confidence ?? true ? new Float32Array(n) : undefined;
  let entropy = 0;
  await segmentRows(model, source, inference, (strip) => {
    labels.set(strip.labels, strip.y * width);
    if (confidence && strip.confidence) confidence.set(strip.confidence, strip.y * width);
    entropy += strip.entropy ?? 0;
  }, options);
  const map: LabelMap = { labels, width, height, classes, confidence };
  if (options.entropy) map.meanEntropy = entropy / n;
  return map;
}
