/**
 * Runs many images through a model with a few in flight at once, so decoding and writing overlap inference.
 * Huge images (above `streamAbove` pixels) are streamed one at a time after the others (predict-streamed.ts).
 * Every item ends as a result (ok or its error); one bad file never stops the batch.
 */
import { performance } from 'node:perf_hooks';
import { SemsegError } from '../core/errors.js';
import { mapConcurrent } from '../core/map-concurrent.js';
import { decodeImage } from '../io/decode.js';
import { resolveInference, type InferenceOptions } from '../inference/options.js';
import { segment } from '../inference/segment.js';
import { imageSize } from '../io/region-reader.js';
import type { SegmentationModel } from '../models/types.js';
import type { ClassStat } from '../io/render.js';
import { join } from 'node:path';
import type { InputFile } from './output-names.js';
import { predictStreamed, type StreamedOptions } from './predict-streamed.js';
import { writeOutputs, type WriteOptions } from './write-outputs.js';

export interface PredictBatchOptions extends WriteOptions {
  outDir: string;
  maxPixels?: number;
  /** Items in flight at once. Default: workers + 2, so a decoded image is always waiting when a worker frees up. */
  concurrency?: number;
  /** Whole image or sliding windows, blending, TTA. */
  inference?: InferenceOptions;
  /** Images above this many pixels are read region by region and written strip by strip, one at a time, last. */
  streamAbove?: number;
  /** A streamed image starts: its file, a line for people, its window count; returns the progress of its windows. */
  onStreamStart?: StreamedOptions['onStart'];
}

export interface PredictItemResult {
  file: string;
  ok: boolean;
  code?: string;
  error?: string;
  files?: string[];
  stats?: ClassStat[];
  width?: number;
  height?: number;
  /** Said when semseg chose for the user: sliding windows for a large image, region reading for a huge one. */
  note?: string;
  /** Read region by region, outputs written strip by strip. */
  streamed?: boolean;
  milliseconds: number;
}

function failure(file: string, error: unknown, started: number): PredictItemResult {
  const code = error instanceof SemsegError ? error.code : 'IO_FAILED';
  return { file, ok: false, code, error: (error as Error).message, milliseconds: performance.now() - started };
}

async function predictOne(model: SegmentationModel, input: InputFile, options: PredictBatchOptions): Promise<PredictItemResult> {
  const file = input.path;
  const started = performance.now();
  try {
    const image = await decodeImage(file, { maxPixels: options.maxPixels });
    const settled = resolveInference(model.card, image.width, image.height, options.inference);
    const map = await segment(model, image, { ...options.inference, confidence: options.outputs.includes('json') || options.outputs.includes('confidence') });
    const written = await writeOutputs(join(options.outDir, input.name), file, image, map, options);
    const note = (options.inference?.mode ?? 'auto') === 'auto' && settled.mode === 'slide' ? settled.reason : undefined;
    return { file, ok: true, files: written.files, stats: written.stats, width: map.width, height: map.height, note, milliseconds: performance.now() - started };
  } catch (error) {
    return failure(file, error, started);
  }
}

async function predictHuge(model: SegmentationModel, input: InputFile, options: PredictBatchOptions): Promise<PredictItemResult> {
  const started = performance.now();
  try {
    const streamed = await predictStreamed(model, input.path, join(options.outDir, input.name), { ...options, onStart: options.onStreamStart });
    return { file: input.path, ok: true, streamed: true, ...streamed, milliseconds: performance.now() - started };
  } catch (error) {
    return failure(input.path, error, started);
  }
}

async function isHuge(file: string, streamAbove: number | undefined): Promise<boolean> {
  if (streamAbove === undefined) return false;
  const size = await imageSize(file).catch(() => undefined);
  return size !== undefined && size.width * size.height > streamAbove;
}

export async function predictBatch(
  model: SegmentationModel,
  files: InputFile[],
  options: PredictBatchOptions,
  onItem: (result: PredictItemResult) => void = () => undefined,
): Promise<PredictItemResult[]> {
  const huge: number[] = [];
  const results = await mapConcurrent(files, options.concurrency ?? model.backend.workers + 2, async (file, index) => {
    if (await isHuge(file.path, options.streamAbove)) {
      huge.push(index);
      return undefined;
    }
    const result = await predictOne(model, file, options);
    onItem(result);
    return result;
  });
  for (const index of huge.sort((a, b) => a - b)) {
    results[index] = await predictHuge(model, files[index], options);
    onItem(results[index]);
  }
  return results as PredictItemResult[];
}
