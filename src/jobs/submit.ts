/**
 * Enqueues images: one job per image, or for a raster above `tileAbove` pixels a flow (BullMQ): a stitch parent
 * with one child per tile. Job ids hash the input's bytes, its source name, the output folder and name, the model
 * and the options, so a resubmitted batch finds its jobs (in any state, completed included) and adds nothing.
 * Failed attempts retry with exponential backoff; finished jobs are kept (they are what makes a resubmit a no-op).
 */
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { FlowProducer, Queue, type JobsOptions } from 'bullmq';
import { firstLine } from '../core/errors.js';
import { imageSize } from '../io/region-reader.js';
import { resolveInference } from '../inference/options.js';
import type { SegmentationModel } from '../models/types.js';
import type { QueueTarget } from './connection.js';
import { jobId, type ImageJobData, type JobSettings, type ModelRef, type StitchJobData, type TileJobData } from './job-data.js';
import { planTiles } from './tile-plan.js';

/** Rasters above this many pixels are split into tiles by default. */
export const DEFAULT_TILE_ABOVE = 32_000_000;
export const DEFAULT_TILE_SIZE = 4096;

export interface SubmitItem {
  /** The input as given (recorded as the JSON's source). */
  path: string;
  /** Output stem inside the output folder. */
  name: string;
}

export interface SubmitOptions {
  target: QueueTarget;
  out: string;
  /** The model, loaded once to check the options and plan tiles; `ref` is what workers load. */
  model: SegmentationModel;
  ref: ModelRef;
  settings: JobSettings;
  tileAbove?: number;
  tileSize?: number;
  /** Attempts per job (default 3) and the first backoff delay (default 1000 ms, doubling). */
  attempts?: number;
  backoffMs?: number;
  onItem?: (item: SubmitItem, outcome: 'added' | 'known' | 'failed', note?: string) => void;
}

export interface SubmitOutcome {
  added: number;
  known: number;
  tiled: number;
  tiles: number;
  problems: { path: string; message: string }[];
}

async function contentHash(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function submitJobs(items: readonly SubmitItem[], options: SubmitOptions): Promise<SubmitOutcome> {
  const { target, model, ref, settings } = options;
  const out = resolve(options.out);
  const tileAbove = options.tileAbove ?? DEFAULT_TILE_ABOVE;
  const jobOptions = (id: string): JobsOptions => ({
    jobId: id,
    attempts: options.attempts ?? 3,
    backoff: { type: 'exponential', delay: options.backoffMs ?? 1000 },
    removeOnComplete: false,
    removeOnFail: false,
  });
  const queue = new Queue(target.name, { connection: target.connection });
  const flows = new FlowProducer({ connection: target.connection });
  const outcome: SubmitOutcome = { added: 0, known: 0, tiled: 0, tiles: 0, problems: [] };
  try {
    for (const item of items) {
      const input = resolve(item.path);
      let size: { width: number; height: number };
      let digest: string;
      try {
        digest = await contentHash(input);
        size = (await imageSize(input)).oriented;
      } catch (error) {
        // An unreadable header still becomes a job: the worker's decode gives it its coded error in the failed set.
        size = { width: 0, height: 0 };
        digest = await contentHash(input).catch(() => '');
        if (!digest) {
          outcome.problems.push({ path: item.path, message: firstLine((error as Error).message, 300) });
          options.onItem?.(item, 'failed');
          continue;
        }
      }
      const common = { input, source: item.path, model: ref, settings };
      const identity = { content: digest, source: item.path, out, name: item.name, model: ref, card: [model.card.name, model.card.version], settings };
      const tiled = size.width * size.height > tileAbove;
      const id = jobId(tiled ? 'raster' : 'image', identity);
      if ((await queue.getJobState(id)) !== 'unknown') {
        outcome.known++;
        options.onItem?.(item, 'known');
        continue;
      }
      if (!tiled) {
        const data: ImageJobData = { kind: 'image', ...common, out, name: item.name };
        await queue.add('image', data, jobOptions(id));
      } else {
        const { crop, stride } = resolveInference(model.card, size.width, size.height, { ...settings, mode: 'slide', tta: {} }, true);
        const tiles = planTiles(size.width, size.height, crop, stride, options.tileSize ?? DEFAULT_TILE_SIZE);
        const tileDir = resolve(out, '.semseg-tiles', id);
        const parent: StitchJobData = { kind: 'stitch', ...common, out, name: item.name, width: size.width, height: size.height, crop, stride, tileDir };
        await flows.add({
          name: 'stitch',
          queueName: target.name,
          data: parent,
          opts: jobOptions(id),
          children: tiles.map((tile, i) => {
            const data: TileJobData = { kind: 'tile', ...common, ...tile, crop, stride, file: resolve(tileDir, `${i}.labels`) };
            return { name: 'tile', queueName: target.name, data, opts: { ...jobOptions(`${id}-t${i}`), failParentOnFailure: true } };
          }),
        });
        outcome.tiled++;
        outcome.tiles += tiles.length;
      }
      outcome.added++;
      options.onItem?.(item, 'added', tiled ? `${size.width}x${size.height}: tiled` : undefined);
    }
  } finally {
    await flows.close();
    await queue.close();
  }
  return outcome;
}
