/**
 * Worker thread owning one onnxruntime-node session. Start-up: creates the session from workerData and reports
 * the model's declared inputs and outputs. Each message runs the session once; outputs travel back transferred.
 * An argmax request has onnxruntime write the scores straight into the argmax kernel's memory and sends back
 * only labels and confidence.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import type { RuntimeTensor } from '../core/types.js';
import { argmaxInPlace, argmaxInput } from '../postprocess/wasm-argmax.js';
import type { ArgmaxReply, ArgmaxRequest, OrtWorkerData, RunRequest, TensorMetadata } from './types.js';

const port = parentPort!;
const config = workerData as OrtWorkerData;

function describe(list: readonly ort.InferenceSession.ValueMetadata[]): TensorMetadata[] {
  return list.map((m) =>
    m.isTensor
      ? { name: m.name, type: m.type, shape: [...m.shape].map((d) => (typeof d === 'number' && d >= 0 ? d : String(d))) }
      : { name: m.name, type: 'non-tensor', shape: [] },
  );
}

/** The buffers of these arrays that the arrays fill exactly (only those can be transferred without surprises). */
function wholeBuffers(arrays: RuntimeTensor['data'][]): ArrayBuffer[] {
  const buffers = arrays.filter((a) => a.byteOffset === 0 && a.byteLength === a.buffer.byteLength).map((a) => a.buffer as ArrayBuffer);
  return [...new Set(buffers)];
}

function toRuntime(t: ort.Tensor, transfer: ArrayBuffer[]): RuntimeTensor {
  const data = t.data as RuntimeTensor['data'];
  transfer.push(...wholeBuffers([data]));
  return { type: t.type as RuntimeTensor['type'], data, dims: [...t.dims] };
}

/** Input shapes whose output did not have the shape an argmax request expected: those run plainly from then on. */
const mismatched = new Set<string>();

async function runArgmax(session: ort.InferenceSession, feeds: Record<string, ort.Tensor>, request: ArgmaxRequest): Promise<{ reply: ArgmaxReply; transfer: ArrayBuffer[] }> {
  const { output, classes, height, width } = request;
  const n = height * width;
  const key = Object.values(feeds).map((t) => t.dims.join('x')).join(',');
  const place = mismatched.has(key) ? null : argmaxInput(classes, n);
  const transfer: ArrayBuffer[] = [];
  if (place) {
    try {
      // Quiet: a mismatch is expected for some models and handled below.
      await session.run(feeds, { [output]: new ort.Tensor('float32', place, [1, classes, height, width]) }, { logSeverityLevel: 4 });
      const labels = classes > 256 ? new Uint16Array(n) : new Uint8Array(n);
      const confidence = request.confidence ? new Float32Array(n) : undefined;
      argmaxInPlace(classes, n, labels, confidence, request.softmax);
      transfer.push(labels.buffer);
      if (confidence) transfer.push(confidence.buffer);
      return { reply: { kind: 'labels', labels, confidence }, transfer };
    } catch {
      // Most likely the output is not [1, classes, height, width]; a real failure repeats below and is reported.
      mismatched.add(key);
    }
  }
  const results = await session.run(feeds, [output]);
  return { reply: { kind: 'scores', scores: toRuntime(results[output], transfer) }, transfer };
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
