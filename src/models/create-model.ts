/** createModel(): a card and an inference backend -> a SegmentationModel. Pure: no file system, no onnxruntime. */
import { expected } from '../core/errors.js';
import { reconcileCard } from './reconcile.js';
import type { CreateModelOptions, SegmentationModel } from './types.js';

export function createModel(options: CreateModelOptions): SegmentationModel {
  if (typeof options !== 'object' || options === null) throw expected('{ card, backend }', 'options', options);
  const { backend, source = 'model card' } = options;
  if (typeof backend?.run !== 'function' || typeof backend.dispose !== 'function') {
    throw expected('an InferenceBackend (run, dispose, metadata)', 'options.backend', backend);
  }
  const metadata = options.metadata ?? backend.metadata;
  if (!Array.isArray(metadata?.inputs) || !Array.isArray(metadata.outputs)) {
    throw expected('model metadata with inputs and outputs', 'options.metadata', metadata);
  }
  const card = reconcileCard(options.card, metadata, source);
  return { card, metadata, backend, dispose: () => backend.dispose() };
}
