/** onnxruntime-node behind the InferenceBackend contract: a worker pool, one session per worker. */
import { availableParallelism } from 'node:os';
import type { RuntimeTensor } from '../core/types.js';
import { expected } from '../core/errors.js';
import { WorkerPool } from './worker-pool.js';
import { recycle } from '../core/buffer-recycler.js';
import type { ArgmaxReply, ArgmaxRequest, BackendOptions, InferenceBackend, ModelMetadata, OrtWorkerData, RunRequest } from './types.js';

export function resolveThreading(options: BackendOptions = {}): { workers: number; threadsPerWorker: number } {
  const cores = availableParallelism();
  const workers = options.workers ?? cores;
  if (!Number.isInteger(workers) || workers < 1) throw expected('a positive integer', 'workers', workers);
  const threadsPerWorker = options.threadsPerWorker ?? Math.max(1, Math.floor(cores / workers));
  if (!Number.isInteger(threadsPerWorker) || threadsPerWorker < 1) {
    throw expected('a positive integer', 'threadsPerWorker', threadsPerWorker);
  }
  return { workers, threadsPerWorker };
}

function transferables(feeds: Record<string, RuntimeTensor>): ArrayBuffer[] {
  return Object.values(feeds).map((t) => t.data.buffer as ArrayBuffer);
}

export async function createOrtBackend(modelPath: string, options: BackendOptions = {}): Promise<InferenceBackend> {
  const { workers, threadsPerWorker } = resolveThreading(options);
  const workerData: OrtWorkerData = { modelPath, intraOpThreads: threadsPerWorker, quiet: options.quiet ?? false };
  const pool = new WorkerPool(new URL('./ort-worker.js', import.meta.url), { size: workers, workerData, onReturned: (buffers) => buffers.forEach(recycle) });
  try {
    await pool.ready();
  } catch (error) {
    await pool.close();
    throw error;
  }
  return {
    metadata: pool.info as ModelMetadata,
    workers,
    run(feeds: Record<string, RuntimeTensor>, outputNames?: string[]) {
      const request: RunRequest = { feeds, outputNames };
      return pool.run<Record<string, RuntimeTensor>>(request, transferables(feeds));
    },
    runArgmax(feeds: Record<string, RuntimeTensor>, argmax: ArgmaxRequest) {
      const request: RunRequest = { feeds, argmax };
      return pool.run<ArgmaxReply>(request, transferables(feeds));
    },
    dispose: () => pool.close(),
  };
}
