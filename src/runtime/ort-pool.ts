/**
 * onnxruntime-node behind the InferencePool contract: one WorkerPool (one core budget: workers x threadsPerWorker)
 * shared by every model loaded on it; each worker holds one session per model. A model is loaded and validated in
 * one worker before any other worker touches the file: concurrent loads of a corrupt .onnx in several threads can
 * reach onnxruntime's abort path and kill the process, one load alone fails cleanly (MODEL_LOAD_FAILED).
 */
import './ort-env.js';
import { availableParallelism } from 'node:os';
import type { RuntimeTensor } from '../core/types.js';
import { expected, SemsegError } from '../core/errors.js';
import { recycle } from '../core/buffer-recycler.js';
import { WorkerPool } from './worker-pool.js';
import type { LoadRequest, OrtWorkerData, RunRequest } from './protocol.js';
import type { ArgmaxReply, CallOptions, InferenceBackend, InferencePool, ModelMetadata, ModelSource, PoolOptions, PoolStats } from './types.js';

export function resolveThreading(options: PoolOptions = {}): { workers: number; threadsPerWorker: number } {
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

function checkSource(model: ModelSource | string): ModelSource {
  const source = typeof model === 'string' ? { path: model } : model;
  if (typeof source?.path !== 'string' && !(source?.bytes instanceof Uint8Array)) throw expected('a model path or the bytes of an .onnx file', 'model', model);
  return source;
}

/** The pool a shared caller (a server, several models) creates once; `maxQueue` defaults to 4 x workers. */
export function createInferencePool(options: PoolOptions = {}): InferencePool {
  const { workers } = resolveThreading(options);
  return new OrtPool({ ...options, maxQueue: options.maxQueue ?? 4 * workers });
}

export class OrtPool implements InferencePool {
  private readonly pool: WorkerPool;
  /** Load requests of the loaded models, replayed on a worker that replaces a dead or hung one. */
  private readonly loaded = new Map<number, LoadRequest>();
  private nextModel = 1;

  constructor(options: PoolOptions) {
    const { workers, threadsPerWorker } = resolveThreading(options);
    const workerData: OrtWorkerData = { intraOpThreads: threadsPerWorker };
    this.pool = new WorkerPool(new URL('./ort-worker.js', import.meta.url), {
      size: workers,
      workerData,
      maxQueue: options.maxQueue,
      // session.run is native and synchronous: terminating its thread mid-run aborts the process when it returns.
      interruptible: false,
      // Sessions are released on their own thread before it ends: terminating a thread that holds them can abort.
      shutdown: { message: { kind: 'shutdown' } },
      onReturned: (buffers) => buffers.forEach(recycle),
      onReplaced: (index) => {
        for (const request of this.loaded.values()) this.pool.run(request, { pin: index }).catch(() => undefined);
      },
    });
  }

  get workers(): number {
    return this.pool.size;
  }

  async load(model: ModelSource | string, options: { quiet?: boolean } = {}): Promise<InferenceBackend> {
    const source = checkSource(model);
    const request: LoadRequest = { kind: 'load', model: this.nextModel++, path: source.path, bytes: source.bytes, quiet: options.quiet ?? false };
    // One worker first: a file onnxruntime cannot load fails there alone; only a valid model reaches the others.
    // Pinned: a load is set-up work, never refused as BUSY.
    const metadata = await this.pool.run<ModelMetadata>(request, { pin: 0 });
    this.loaded.set(request.model, request);
    try {
      await Promise.all(Array.from({ length: this.pool.size }, (_, pin) => this.pool.run(request, { pin })));
    } catch (error) {
      await this.unload(request.model);
      throw error;
    }
    return this.backend(request.model, metadata);
  }

  stats(): PoolStats {
    return this.pool.stats();
  }

  close(options: { drain?: boolean } = {}): Promise<void> {
    return this.pool.close(options);
  }

  private async unload(model: number): Promise<void> {
    if (!this.loaded.delete(model)) return;
    const unload = { kind: 'unload', model };
    await Promise.allSettled(Array.from({ length: this.pool.size }, (_, pin) => this.pool.run(unload, { pin })));
  }

  private backend(model: number, metadata: ModelMetadata): InferenceBackend {
    const send = <T>(request: RunRequest, options: CallOptions = {}) => {
      if (!this.loaded.has(model)) return Promise.reject(new SemsegError('POOL_CLOSED', `Expected a loaded model but received a run for model ${model}, which was disposed`));
      return this.pool.run<T>(request, { ...options, transfer: transferables(request.feeds) });
    };
    return {
      metadata,
      workers: this.pool.size,
      run: (feeds, outputNames, options) => send<Record<string, RuntimeTensor>>({ kind: 'run', model, feeds, outputNames }, options),
      runArgmax: (feeds, argmax, options) => send<ArgmaxReply>({ kind: 'run', model, feeds, argmax }, options),
      dispose: () => this.unload(model),
    };
  }
}
