/**
 * Worker thread of the onnxruntime pool: answers the pool's messages with ort-session-host.ts; `shutdown` releases
 * the sessions and closes the port, ending the thread. Input buffers go
 * back with every reply, for reuse.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { OrtWorkerData, ShutdownRequest, WorkerRequest } from './protocol.js';
import { CodedError, handle, releaseAll } from './ort-session-host.js';
import { wholeBuffers } from './worker-argmax.js';

const port = parentPort!;
const config = workerData as OrtWorkerData;

port.on('message', async (request: WorkerRequest | ShutdownRequest) => {
  if (request.kind === 'shutdown') {
    await releaseAll();
    port.close();
    return;
  }
  // The input buffers go back with the reply so the main thread can reuse them for the next image.
  const inputs = request.kind === 'run' ? wholeBuffers(Object.values(request.feeds).map((t) => t.data)) : [];
  try {
    const { result, transfer } = await handle(config, request);
    port.postMessage({ ok: true, result, returned: inputs }, [...transfer, ...inputs]);
  } catch (error) {
    const code = error instanceof CodedError ? error.code : 'INFERENCE_FAILED';
    port.postMessage({ ok: false, error: { message: (error as Error).message, code }, returned: inputs }, inputs);
  }
});
port.postMessage({ ready: true });
