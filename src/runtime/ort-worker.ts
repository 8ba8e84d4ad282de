/**
 * Worker thread owning one onnxruntime-node session. Start-up: creates the session from workerData and reports
 * the model's declared inputs and outputs. Each message runs the session once; outputs travel back transferred.
 * Argmax requests are handled by worker-argmax.ts. Input buffers go back with every reply, for reuse.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import type { RuntimeTensor } from '../core/types.js';
import type { OrtWorkerData, RunRequest, TensorMetadata } from './types.js';
import { runArgmax, toRuntime, wholeBuffers } from './worker-argmax.js';

const port = parentPort!;
const config = workerData as OrtWorkerData;

function describe(list: readonly ort.InferenceSession.ValueMetadata[]): TensorMetadata[] {
  return list.map((m) =>
    m.isTensor
      ? { name: m.name, type: m.type, shape: [...m.shape].map((d) => (typeof d === 'number' && d >= 0 ? d : String(d))) }
      : { name: m.name, type: 'non-tensor', shape: [] },
  );
}

async function main(): Promise<void> {
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(config.modelPath, {
      graphOptimizationLevel: 'all',
      intraOpNumThreads: config.intraOpThreads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      ...(config.quiet ? { logSeverityLevel: 4 } : {}),
    });
  } catch (error) {
    // A model that cannot be loaded is a start-up failure; the pool reports it to every caller.
    throw new Error(`onnxruntime could not load ${config.modelPath}: ${(error as Error).message}`);
  }
  port.postMessage({ ready: true, info: { inputs: describe(session.inputMetadata), outputs: describe(session.outputMetadata) } });

  port.on('message', async (request: RunRequest) => {
    // The input buffers go back with the reply so the main thread can reuse them for the next image.
    const inputs = wholeBuffers(Object.values(request.feeds).map((t) => t.data));
    try {
      const feeds: Record<string, ort.Tensor> = {};
      for (const [name, t] of Object.entries(request.feeds)) feeds[name] = new ort.Tensor(t.type, t.data, t.dims);
      if (request.argmax) {
        const { reply, transfer } = await runArgmax(session, feeds, request.argmax);
        port.postMessage({ ok: true, result: reply, returned: inputs }, [...transfer, ...inputs]);
        return;
      }
      const results = request.outputNames ? await session.run(feeds, request.outputNames) : await session.run(feeds);
      const out: Record<string, RuntimeTensor> = {};
      const transfer: ArrayBuffer[] = [];
      for (const [name, t] of Object.entries(results)) out[name] = toRuntime(t, transfer);
      port.postMessage({ ok: true, result: out, returned: inputs }, [...transfer, ...inputs]);
    } catch (error) {
      port.postMessage({ ok: false, error: { message: (error as Error).message, code: 'INFERENCE_FAILED' }, returned: inputs }, inputs);
    }
  });
}

await main();
