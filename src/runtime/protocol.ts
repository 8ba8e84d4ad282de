/** Messages between the onnxruntime pool (main thread) and its workers (ort-worker.ts). */
import type { RuntimeTensor } from '../core/types.js';
import type { ArgmaxRequest } from './types.js';

export interface OrtWorkerData {
  intraOpThreads: number;
}

/** Creates the model's session in this worker (no-op when it exists); replies with the model's metadata. */
export interface LoadRequest {
  kind: 'load';
  model: number;
  path?: string;
  bytes?: Uint8Array;
  quiet: boolean;
}

export interface UnloadRequest {
  kind: 'unload';
  model: number;
}

export interface RunRequest {
  kind: 'run';
  model: number;
  feeds: Record<string, RuntimeTensor>;
  outputNames?: string[];
  /** Take the argmax of this output in the worker (InferenceBackend.runArgmax). */
  argmax?: ArgmaxRequest;
}

/** Not a job (no reply): release every session and close the port, so the thread ends by itself. */
export interface ShutdownRequest {
  kind: 'shutdown';
}

export type WorkerRequest = LoadRequest | UnloadRequest | RunRequest;
