/**
 * Runs many images through predict() with a few in flight at once, so decoding and writing overlap inference, and
 * writes each one's outputs. Huge images (above `streamAbove` pixels) are streamed one at a time after the others.
 * Every item ends as a result (ok or its coded error); one bad file never stops the batch. A stop (interrupt, or a
 * model error that would fail every item) ends it early: no new item starts, those in flight are abandoned, and
 * the results say which items finished.
 */
import { performance } from 'node:perf_hooks';
import { firstLine, SemsegError, type ErrorCode } from '../core/errors.js';
import { predict, type Prediction, type PredictOptions } from '../pipeline/predict.js';
import { predictStreamed } from '../pipeline/predict-streamed.js';
import { OUTPUT_FORMATS, type OutputKind } from '../pipeline/outputs.js';
import { imageSize } from '../io/region-reader.js';
import { fileSink } from '../io/file-sink.js';
import type { SegmentationModel } from '../models/types.js';
import type { ClassStat } from '../formats/render.js';
import type { ImageQuality } from '../monitoring/image-quality.js';
import type { InputFile } from './output-names.js';
import { outputPath, writeOutputFiles } from '../io/output-files.js';
import type { Task } from './progress.js';

export interface PredictBatchOptions extends Omit<PredictOptions, 'signal' | 'source' | 'outputs'> {
  outDir: string;
  outputs: readonly OutputKind[];
  /** Items in flight at once. Default: workers + 2, so a decoded image is always waiting when a worker frees up. */
  concurrency?: number;
  /** Images above this many pixels are read region by region and written strip by strip, one at a time, last. */
  streamAbove?: number;
  /** Stops the batch: no new items; items in flight are abandoned (CANCELLED) and not counted as failures. */
  signal?: AbortSignal;
  /** A streamed image starts: its file, a line for people, its window count; returns the progress of its windows. */
  onStreamStart?: (file: string, note: string, windows: number) => Task;
  /** Reads each (whole-image) prediction while its label map is in memory; a throw fails that item only. */
  onPrediction?: (input: InputFile, prediction: Prediction) => void | Promise<void>;
}

export interface PredictItemResult {
  file: string;
  ok: boolean;
  code?: ErrorCode;
  error?: string;
  /** The library's own words about a decode failure. */
  detail?: string;
  files?: string[];
  stats?: ClassStat[];
  width?: number;
  height?: number;
  /** Said when semseg chose for the user: sliding windows for a large image, region reading for a huge one. */
  note?: string;
  /** Read region by region, outputs written strip by strip. */
  streamed?: boolean;
  /** With the `quality` option (semseg profile). */
  quality?: ImageQuality;
  milliseconds: number;
}

/** Errors that no other image would escape: the batch stops at the first (exit 2). Output failures stay per item. */
export const MODEL_ERRORS: ReadonlySet<ErrorCode> = new Set(['MODEL_MISMATCH', 'MODEL_LOAD_FAILED', 'INVALID_MODEL_CARD', 'UNSUPPORTED_OPERATOR', 'POOL_CLOSED']);

function failure(file: string, error: unknown, started: number): PredictItemResult {
  const known = error instanceof SemsegError;
  const detail = known ? error.detail : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return {
    file,
    ok: false,
    code: known ? error.code : 'INTERNAL',
    error: firstLine(message, 500),
    ...(detail !== undefined ? { detail: firstLine(detail, 200) } : {}),
    milliseconds: performance.now() - started,
  };
}

async function predictOne(model: SegmentationModel, input: InputFile, options: PredictBatchOptions): Promise<PredictItemResult> {
  const started = performance.now();
  try {
    const prediction = await predict(model, input.path, { ...options, source: input.path });
    await options.onPrediction?.(input, prediction);
    const files = await writeOutputFiles(options.outDir, input.name, prediction.outputs);
    const { inference, map } = prediction;
    const note = (options.mode ?? 'auto') === 'auto' && inference.mode === 'slide' ? inference.reason : undefined;
    const result: PredictItemResult = { file: input.path, ok: true, files, stats: prediction.stats, width: map.width, height: map.height, note, milliseconds: performance.now() - started };
    if (prediction.quality) result.quality = prediction.quality;
    return result;
  } catch (error) {
    return failure(input.path, error, started);
  }
}

async function predictHuge(model: SegmentationModel, input: InputFile, options: PredictBatchOptions): Promise<PredictItemResult> {
  const started = performance.now();
  try {
    const files: string[] = [];
    const sinkFor = (kind: OutputKind, extension = OUTPUT_FORMATS[kind].extension) => {
      const path = outputPath(options.outDir, input.name, extension);
      files.push(path);
      return fileSink(path);
    };
    const streamed = await predictStreamed(model, input.path, sinkFor, {
      outputs: options.outputs,
      maxPixels: options.maxPixels,
      inference: options,
      signal: options.signal,
      nodata: options.nodata,
      cog: options.cog,
      onStart: (note, windows) => options.onStreamStart?.(input.path, note, windows),
    });
    const { width, height } = streamed.json;
    return { file: input.path, ok: true, streamed: true, files, stats: streamed.stats, width, height, note: streamed.note, milliseconds: performance.now() - started };
  } catch (error) {
    return failure(input.path, error, started);
  }
}

async function isHuge(file: string, streamAbove: number | undefined): Promise<boolean> {
  if (streamAbove === undefined) return false;
  const size = await imageSize(file).catch(() => undefined);
  return size !== undefined && size.width * size.height > streamAbove;
}

export interface BatchOutcome {
  /** One per item that finished (ok or failed), in input order; abandoned and unstarted items are absent. */
  results: PredictItemResult[];
  /** A model error that stopped the batch. */
  fatal?: PredictItemResult;
  /** Items not finished because the batch was stopped. */
  unfinished: number;
}

export async function predictBatch(
  model: SegmentationModel,
  files: InputFile[],
  options: PredictBatchOptions,
  onItem: (result: PredictItemResult) => void = () => undefined,
): Promise<BatchOutcome> {
  const stop = new AbortController();
  const stopped = () => stop.signal.aborted || options.signal?.aborted === true;
  options.signal?.addEventListener('abort', () => stop.abort(), { once: true });
  const itemOptions = { ...options, signal: stop.signal };
  const results: (PredictItemResult | undefined)[] = new Array(files.length);
  let fatal: PredictItemResult | undefined;
  const finish = (index: number, result: PredictItemResult) => {
    if (stopped() && result.code === 'CANCELLED') return;
    if (result.code && MODEL_ERRORS.has(result.code)) {
      fatal ??= result;
      stop.abort();
      return;
    }
    results[index] = result;
    onItem(result);
  };
  const huge: number[] = [];
  let next = 0;
  const lane = async () => {
    while (next < files.length && !stopped()) {
      const index = next++;
      if (await isHuge(files[index].path, options.streamAbove)) huge.push(index);
      else finish(index, await predictOne(model, files[index], itemOptions));
    }
  };
  const lanes = Math.max(1, Math.min(options.concurrency ?? model.backend.workers + 2, files.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  for (const index of huge.sort((a, b) => a - b)) {
    if (stopped()) break;
    finish(index, await predictHuge(model, files[index], itemOptions));
  }
  const done = results.filter((r): r is PredictItemResult => r !== undefined);
  return { results: done, fatal, unfinished: files.length - done.length };
}
