/**
 * One onnxruntime-node session in the calling thread, for offline tools (calibration, benchmarks) that run a model
 * edited in memory and read many of its tensors. Product paths (predict, serve, jobs) use the worker pool instead.
 */
import './ort-env.js';
import * as ort from 'onnxruntime-node';
import { SemsegError, firstLine } from '../core/errors.js';
import type { RuntimeTensor } from '../core/types.js';

export interface DirectSession {
  run(feeds: Record<string, RuntimeTensor>, outputNames: readonly string[]): Promise<Record<string, RuntimeTensor>>;
  dispose(): Promise<void>;
}

export async function openDirectSession(model: Uint8Array | string, threads = 1): Promise<DirectSession> {
  let session: ort.InferenceSession;
  const options: ort.InferenceSession.SessionOptions = { graphOptimizationLevel: 'all', intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', logSeverityLevel: 3 };
  try {
    session = typeof model === 'string' ? await ort.InferenceSession.create(model, options) : await ort.InferenceSession.create(model, options);
  } catch (error) {
    throw new SemsegError('MODEL_LOAD_FAILED', `onnxruntime could not load ${typeof model === 'string' ? model : 'the edited model'}: ${firstLine((error as Error).message, 240)}`, { cause: error });
  }
  return {
    async run(feeds, outputNames) {
      const inputs: Record<string, ort.Tensor> = {};
      for (const [name, t] of Object.entries(feeds)) inputs[name] = new ort.Tensor(t.type, t.data, t.dims);
      let results: ort.InferenceSession.ReturnType;
      try {
        results = await session.run(inputs, [...outputNames]);
      } catch (error) {
        throw new SemsegError('INFERENCE_FAILED', `onnxruntime failed to run the model: ${firstLine((error as Error).message, 240)}`, { cause: error });
      }
      const out: Record<string, RuntimeTensor> = {};
      for (const [name, t] of Object.entries(results)) out[name] = { type: t.type as RuntimeTensor['type'], data: t.data as RuntimeTensor['data'], dims: [...t.dims] };
      return out;
    },
    dispose: () => session.release(),
  };
}
