import type { BackendOptions, InferenceBackend, ModelMetadata } from '../runtime/types.js';
import type { ModelCard } from './card-schema.js';

export interface SegmentationModel {
  /** The card, completed from the ONNX graph and validated. */
  readonly card: ModelCard;
  /** The graph's declared inputs and outputs. */
  readonly metadata: ModelMetadata;
  readonly backend: InferenceBackend;
  /** Where the ONNX file was loaded from; absent for models created from a backend (createModel). */
  readonly modelPath?: string;
  /** Releases the backend (for the onnxruntime-node backend: stops its worker threads). */
  dispose(): Promise<void>;
}

/** What loadModel() returns: a model read from an ONNX file. */
export interface LoadedModel extends SegmentationModel {
  readonly modelPath: string;
}

export interface CreateModelOptions {
  /** The card as parsed JSON, not yet validated: the graph fills what it leaves out (tensor names, fixed size). */
  card: unknown;
  /** The graph's declared inputs and outputs. Default: `backend.metadata`. */
  metadata?: ModelMetadata;
  backend: InferenceBackend;
  /** Names the card in error messages (a file name, a URL). Default "model card". */
  source?: string;
}

export interface LoadModelOptions extends BackendOptions {
  /** Path to a card JSON, overriding the one found next to the model. */
  card?: string;
}

export interface EmbeddedModelEntry {
  name: string;
  summary: string;
  isDefault: boolean;
  /** The ONNX file and its card, in the package's models/ folder. */
  locate(): Promise<{ onnxPath: string; cardPath: string }>;
}
