/**
 * A queue worker: takes jobs (images, tiles, stitches) `concurrency` at a time and runs them through predict() on
 * one inference pool, so inference happens in the pool's threads and the event loop stays free to renew job locks.
 * BullMQ delivers at least once (a lost lock or a killed worker re-runs a job); outputs are renamed into place, so a
 * re-run replaces a result atomically. close() stops taking jobs and waits for those in flight up to a deadline;
 * past it they are cancelled and handed back to the queue (moved to wait, no attempt used).
 */
import { availableParallelism } from 'node:os';
import { Worker, WaitingError, type Job } from 'bullmq';
import type { JobData, ImageResult, TileResult } from './job-data.js';
import type { QueueTarget } from './connection.js';
import { jobFailure } from './failure.js';
import { modelCache } from './models.js';
import { processImage } from './process-image.js';
import { processTile } from './process-tile.js';
import { processStitch } from './process-stitch.js';

export interface WorkerSettings {
  target: QueueTarget;
  /** Jobs in flight at once. Default: inference threads + 1. */
  concurrency?: number;
  /** Inference worker threads and onnxruntime threads per worker (default: cores, cores / workers). */
  workers?: number;
  threadsPerWorker?: number;
  /** BullMQ lock settings (defaults 30 s, 30 s, 1): how soon a killed worker's jobs run elsewhere. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  maxStalledCount?: number;
}

export type WorkerEvent =
  | { type: 'active'; job: Job<JobData> }
  | { type: 'completed'; job: Job<JobData> }
  | { type: 'failed'; job: Job<JobData>; reason: string; final: boolean }
  | { type: 'error'; error: Error };

export interface JobsWorker {
  /** Resolves once the worker holds its connection and takes jobs. */
  ready(): Promise<void>;
  /** Stops taking jobs; waits for those in flight up to `deadlineMs`, then hands them back. */
  close(deadlineMs: number): Promise<{ handedBack: number }>;
}

const SHUTDOWN = 'semseg worker shutting down';

export function startWorker(settings: WorkerSettings, onEvent: (event: WorkerEvent) => void = () => undefined): JobsWorker {
  const models = modelCache({ workers: settings.workers, threadsPerWorker: settings.threadsPerWorker });
  let handedBack = 0;
  const processor = async (job: Job<JobData>, token?: string, signal?: AbortSignal): Promise<ImageResult | TileResult> => {
    const { data } = job;
    try {
      const model = await models.get(data.model);
      if (data.kind === 'image') return await processImage(model, data, signal);
      if (data.kind === 'tile') return await processTile(model, data, signal);
      const tiles = Object.values(await job.getChildrenValues<TileResult>());
      return await processStitch(model, data, tiles);
    } catch (error) {
      if (signal?.aborted && signal.reason === SHUTDOWN) {
        await job.moveToWait(token);
        handedBack++;
        throw new WaitingError();
      }
      throw jobFailure(error);
    }
  };
  const worker = new Worker<JobData, ImageResult | TileResult>(settings.target.name, processor, {
    connection: settings.target.connection,
    concurrency: settings.concurrency ?? (settings.workers ?? availableParallelism()) + 1,
    lockDuration: settings.lockDurationMs ?? 30_000,
    stalledInterval: settings.stalledIntervalMs ?? 30_000,
    maxStalledCount: settings.maxStalledCount ?? 1,
    metrics: { maxDataPoints: 60 * 24 * 7 },
  });
  worker.on('active', (job) => onEvent({ type: 'active', job }));
  worker.on('completed', (job) => onEvent({ type: 'completed', job }));
  worker.on('failed', (job, error) => {
    if (!job || error instanceof WaitingError) return;
    onEvent({ type: 'failed', job, reason: error.message, final: job.attemptsMade >= (job.opts.attempts ?? 1) });
  });
  worker.on('error', (error) => onEvent({ type: 'error', error }));
  return {
    ready: () => worker.waitUntilReady().then(() => undefined),
    async close(deadlineMs) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), deadlineMs)));
      const closing = worker.close();
      if ((await Promise.race([closing, late])) === 'late') {
        worker.cancelAllJobs(SHUTDOWN);
        await closing;
      }
      clearTimeout(timer);
      await models.dispose();
      return { handedBack };
    },
  };
}
