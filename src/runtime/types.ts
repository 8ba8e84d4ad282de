/**
 * The runtime contract: what the rest of semseg may ask of an inference backend and of a pool shared by several
 * models. Browser-safe (no Node imports): onnxruntime-web implements the same contract later.
 */
import type { RuntimeTensor } from '../core/types.js';
import type { OutputSpec } from '../models/card-schema.js';
import type { InputPlan } from '../preprocess/plan.js';

export interface TensorMetadata {
  name: string;
  type: string;
  /** Numbers for fixed dimensions, strings for symbolic ones (e.g. "batch", "height"). */
  shape: (number | string)[];
}

export interface ModelMetadata {
  inputs: TensorMetadata[];
  outputs: TensorMetadata[];
}

/** Per-call controls, the optional last argument of every backend method. */
export interface CallOptions {
  /** Aborting rejects with `CANCELLED`: a queued job leaves the queue, a running job's result is dropped. */
  signal?: AbortSignal;
  /**
   * Milliseconds from the call until it rejects with `TIMEOUT`. A worker still running the job then is replaced
   * (a hung run cannot be interrupted otherwise).
   */
  timeoutMs?: number;
}

export interface InferenceBackend {
  readonly metadata: ModelMetadata;
  /** How many inferences can run at once. */
  readonly workers: number;
  /** Runs the model once; input buffers are transferred (unusable by the caller afterwards). */
  run(feeds: Record<string, RuntimeTensor>, outputNames?: string[], options?: CallOptions): Promise<Record<string, RuntimeTensor>>;
  /**
   * Optional: runs the model and takes the per-pixel argmax of one score output where the model ran, so only the
   * labels (and confidence) travel back instead of the scores, which are C times larger. A backend answers with the
   * scores instead when the output is not the expected [1, classes, height, width] (or, with `resize`, not one
   * the plan can map onto the image).
   */
  runArgmax?(feeds: Record<string, RuntimeTensor>, request: ArgmaxRequest, options?: CallOptions): Promise<ArgmaxReply>;
  /** Releases this model (its sessions); a backend of a private pool also stops the pool's workers. */
  dispose(): Promise<void>;
}

export interface ArgmaxRequest {
  output: string;
  classes: number;
  height: number;
  width: number;
  /** Also return the winner's confidence: its softmax probability (`softmax`) or its score. */
  confidence: boolean;
  softmax: boolean;
  /**
   * Also return the mean normalised entropy of the (averaged) probabilities (postprocess/entropy.ts). A backend
   * that cannot answer it leaves `meanEntropy` out and the caller takes another path.
   */
  entropy?: boolean;
  /**
   * Flip test-time augmentation: also run the mirror image of this input (its layout says how to mirror it) and
   * average the two runs' probabilities, the second mirrored back.
   */
  flip?: { input: string; layout: 'NCHW' | 'NHWC' };
  /**
   * The scores come at another size or layout than the image (typically 1/4 or 1/8 of it): run plainly, then resize
   * them bilinearly to the image and take argmax and confidence in one pass where the model ran
   * (postprocess/scores-to-labels.ts decideLabels), under this plan and output spec. Not combined with `flip`.
   */
  resize?: { plan: InputPlan; spec: OutputSpec };
}

/** Labels; or the scores (of the plain run) when the output had another shape; `declined` for flip requests then. */
export type ArgmaxReply =
  | { kind: 'labels'; labels: Uint8Array | Uint16Array; confidence?: Float32Array; meanEntropy?: number }
  | { kind: 'scores'; scores: RuntimeTensor }
  | { kind: 'declined' };

export interface PoolOptions {
  /** Worker threads. Default: the number of cores. */
  workers?: number;
  /** onnxruntime intra-op threads per worker (shared by every model of the worker). Default: cores / workers, at least 1. */
  threadsPerWorker?: number;
  /**
   * Jobs that may wait for a worker; one more rejects at once with `BUSY`. Default: 4 x workers for a shared pool;
   * unbounded for the private pool of createOrtBackend, whose one caller bounds what it sends.
   */
  maxQueue?: number;
}

export interface BackendOptions extends PoolOptions {
  /** Run on this shared pool (its workers and core budget) instead of a private one; the pool options are ignored then. */
  pool?: InferencePool;
  /** Keep onnxruntime's own error log off stderr; failed runs still reject (for runs expected to fail, e.g. probing). */
  quiet?: boolean;
}

/** A model to load: a file path (Node) or the bytes of the .onnx file. */
export interface ModelSource {
  path?: string;
  bytes?: Uint8Array;
}

/** Creates backends; one implementation per runtime (onnxruntime-node today, onnxruntime-web later). */
export interface InferenceBackendFactory {
  create(model: ModelSource, options?: BackendOptions): Promise<InferenceBackend>;
}

export interface RunDurations {
  /** Runs measured (the most recent ones, up to a fixed number). */
  count: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
}

export interface PoolStats {
  workers: number;
  busyWorkers: number;
  /** Jobs waiting for a worker. */
  queueDepth: number;
  completed: number;
  failed: number;
  cancelled: number;
  timedOut: number;
  /** Workers replaced after a crash or a timeout. */
  restarts: number;
  /** Run time on a worker of recently completed jobs. */
  runs: RunDurations;
}

/** Worker threads with one core budget, shared by every model loaded on it. */
export interface InferencePool {
  readonly workers: number;
  /** Loads a model (validated in one worker first, then on the others) and returns its backend. */
  load(model: ModelSource | string, options?: { quiet?: boolean }): Promise<InferenceBackend>;
  stats(): PoolStats;
  /** `drain`: queued and running jobs finish first; otherwise they reject with `POOL_CLOSED` at once. */
  close(options?: { drain?: boolean }): Promise<void>;
}
