/** The runtime contract: what the rest of semseg may ask of an inference backend. */
import type { RuntimeTensor } from '../core/types.js';

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

export interface InferenceBackend {
  readonly metadata: ModelMetadata;
  /** How many inferences can run at once. */
  readonly workers: number;
  /** Runs the model once; input buffers are transferred (unusable by the caller afterwards). */
  run(feeds: Record<string, RuntimeTensor>, outputNames?: string[]): Promise<Record<string, RuntimeTensor>>;
  /**
   * Optional: runs the model and takes the per-pixel argmax of one NCHW score output where the model ran, so only
   * the labels (and confidence) travel back instead of the scores, which are C times larger. A backend answers
   * with the scores instead when the output is not the expected [1, classes, height, width].
   */
  runArgmax?(feeds: Record<string, RuntimeTensor>, request: ArgmaxRequest): Promise<ArgmaxReply>;
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
   * Flip test-time augmentation: also run the mirror image of this input (its layout says how to mirror it) and
   * average the two runs' probabilities, the second mirrored back.
   */
  flip?: { input: string; layout: 'NCHW' | 'NHWC' };
}

/** Labels; or the scores (of the plain run) when the output had another shape; `declined` for flip requests then. */
export type ArgmaxReply =
  | { kind: 'labels'; labels: Uint8Array | Uint16Array; confidence?: Float32Array }
  | { kind: 'scores'; scores: RuntimeTensor }
  | { kind: 'declined' };

export interface BackendOptions {
  /** Worker threads, each with its own session. Default: the number of cores. */
  workers?: number;
  /** onnxruntime intra-op threads per worker. Default: cores / workers, at least 1. */
  threadsPerWorker?: number;
  /** Keep onnxruntime's own error log off stderr; failed runs still reject (for runs expected to fail, e.g. probing). */
  quiet?: boolean;
}

export interface OrtWorkerData {
  modelPath: string;
  intraOpThreads: number;
  quiet: boolean;
}

export interface RunRequest {
  feeds: Record<string, RuntimeTensor>;
  outputNames?: string[];
  /** Take the argmax of this output in the worker (InferenceBackend.runArgmax). */
  argmax?: ArgmaxRequest;
}
