/**
 * onnxruntime-node behind the InferenceBackend contract. Without `options.pool` a backend gets a private pool
 * (its workers x threads, closed by dispose()); with one it shares that pool's workers and core budget, and
 * dispose() releases only this model's sessions.
 */
import type { BackendOptions, InferenceBackend, InferenceBackendFactory, ModelSource } from './types.js';
import { OrtPool } from './ort-pool.js';

export { resolveThreading, createInferencePool } from './ort-pool.js';

export async function createOrtBackend(model: string | ModelSource, options: BackendOptions = {}): Promise<InferenceBackend> {
  const quiet = options.quiet ?? false;
  if (options.pool) return options.pool.load(model, { quiet });
  // A private pool's only caller bounds what it sends (the CLI: images x windows in flight), so no queue limit.
  const pool = new OrtPool({ ...options, maxQueue: options.maxQueue ?? Infinity });
  try {
    const backend = await pool.load(model, { quiet });
    return { ...backend, dispose: () => pool.close() };
  } catch (error) {
    await pool.close();
    throw error;
  }
}

export const ortBackendFactory: InferenceBackendFactory = {
  create: (model, options) => createOrtBackend(model, options),
};
