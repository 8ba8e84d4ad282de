/**
 * Runs many images through a model with a few in flight at once, so decoding and writing overlap inference.
 * Every item ends as a result (ok or its error); one bad file never stops the batch.
 */
import { performance } from 'node:perf_hooks';
import { SemsegError } from '../core/errors.js';
import { mapConcurrent } from '../core/map-concurrent.js';
import { decodeImage } from '../io/decode.js';
import { segment } from '../inference/segment.js';
import type { SegmentationModel } from '../models/types.js';
import type { ClassStat } from '../io/render.js';
import { join } from 'node:path';
import type { InputFile } from './output-names.js';
import { writeOutputs, type WriteOptions } from './write-outputs.js';

export interface PredictBatchOptions extends WriteOptions {
  outDir: string;
  maxPixels?: number;
  /** Items in flight at once. Default: workers + 1. */
  concurrency?: number;
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
  milliseconds: number;
}

async function predictOne(model: SegmentationModel, input: InputFile, options: PredictBatchOptions): Promise<PredictItemResult> {
  const file = input.path;
  const started = performance.now();
  try {
    const image = await decodeImage(file, { maxPixels: options.maxPixels });
    const map = await segment(model, image, { confidence: options.outputs.includes('json') || options.outputs.includes('confidence') });
    const written = await writeOutputs(join(options.outDir, input.name), file, image, map, options);
    return { file, ok: true, files: written.files, stats: written.stats, width: map.width, height: map.height, milliseconds: performance.now() - started };
  } catch (error) {
    const code = error instanceof SemsegError ? error.code : 'IO_FAILED';
    return { file, ok: false, code, error: (error as Error).message, milliseconds: performance.now() - started };
  }
}

export async function predictBatch(
  model: SegmentationModel,
  files: InputFile[],
  options: PredictBatchOptions,
  onItem: (result: PredictItemResult) => void = () => undefined,
): Promise<PredictItemResult[]> {
  return mapConcurrent(files, options.concurrency ?? 3, async (file) => {
    const result = await predictOne(model, file, options);
    onItem(result);
    return result;
  });
}
