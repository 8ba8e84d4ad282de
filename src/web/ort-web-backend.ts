/**
 * The InferenceBackend contract (runtime/types.ts) on onnxruntime-web's wasm backend, for the page. It lives in
 * web/ rather than runtime/ because it is only ever bundled for the browser: runtime/ is compiled for Node, where
 * onnxruntime-web's browser build cannot load. SIMD is always on; threads need a cross-origin isolated page.
 */
import * as ort from 'onnxruntime-web/wasm';
import type { InferenceBackend, ModelMetadata, RuntimeTensor, TensorMetadata } from '../core-entry.js';
import { SemsegError } from '../core-entry.js';

export interface WebBackendOptions {
  /** Where ort-wasm-simd-threaded.{mjs,wasm} are served (a URL ending in /). */
  wasmPaths: string;
  /** wasm threads; 1 unless the page is cross-origin isolated. */
  threads: number;
}

let configured = false;

function configure(options: WebBackendOptions): void {
  if (configured) return;
  ort.env.wasm.wasmPaths = options.wasmPaths;
  ort.env.wasm.numThreads = self.crossOriginIsolated ? Math.max(1, options.threads) : 1;
  ort.env.wasm.simd = true;
  ort.env.wasm.proxy = false;
  configured = true;
}

/** Threads onnxruntime-web was configured with (after the first backend). */
export function wasmThreads(): number {
  return ort.env.wasm.numThreads ?? 1;
}

function describe(list: readonly ort.InferenceSession.ValueMetadata[]): TensorMetadata[] {
  return list.map((m) =>
    m.isTensor ? { name: m.name, type: m.type, shape: [...m.shape].map((d) => (typeof d === 'number' && d >= 0 ? d : String(d))) } : { name: m.name, type: 'non-tensor', shape: [] },
  );
}

function toRuntime(tensor: ort.Tensor): RuntimeTensor {
  const type = tensor.type as RuntimeTensor['type'];
  return { type, data: tensor.data as RuntimeTensor['data'], dims: [...tensor.dims] };
}

export async function createWebBackend(bytes: Uint8Array, options: WebBackendOptions): Promise<InferenceBackend> {
  configure(options);
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  } catch (error) {
    throw new SemsegError('MODEL_LOAD_FAILED', `Expected an ONNX model onnxruntime-web can load but received one it refused: ${(error as Error).message}`);
  }
  const metadata: ModelMetadata = { inputs: describe(session.inputMetadata), outputs: describe(session.outputMetadata) };
  let queue: Promise<unknown> = Promise.resolve();
  return {
    metadata,
    workers: 1,
    run(feeds, outputNames) {
      // One session runs one call at a time; later calls wait their turn.
      const next = queue.then(async () => {
        const inputs: Record<string, ort.Tensor> = {};
        for (const [name, t] of Object.entries(feeds)) inputs[name] = new ort.Tensor(t.type, t.data as Float32Array, t.dims);
        const results = outputNames ? await session.run(inputs, outputNames) : await session.run(inputs);
        const out: Record<string, RuntimeTensor> = {};
        for (const [name, t] of Object.entries(results)) out[name] = toRuntime(t);
        return out;
      });
      queue = next.catch(() => undefined);
      return next;
    },
    dispose: () => session.release(),
  };
}
