import type { BackendOptions, InferenceBackend, ModelMetadata } from '../runtime/types.js';
import type { ModelCard } from './card-schema.js';

export interface SegmentationModel {
  /** The card, completed from the ONNX graph and validated. */
  readonly card: ModelCard;
  /** The graph's declared inputs and outputs. */
  readonly metadata: ModelMetadata;
  readonly backend: InferenceBackend;
  /** Where the ONNX file was loaded from. */
  readonly modelPath: string;
  /** Stops the worker threads. */
  dispose(): Promise<void>;
}

export interface LoadModelOptions extends BackendOptions {
  /** Path to a card JSON, overriding the one found next to the model. */
  card?: string;
}

export interface EmbeddedModelEntry {
  name: string;
  summary: string;
  isDefault: boolean;
  /** Resolves (and for imported models, builds and caches) the ONNX file and its card. */
  locate(): Promise<{ onnxPath: string; cardPath: string }>;
}
