/**
 * Worker thread owning one onnxruntime-node session. Start-up: creates the session from workerData and reports
 * the model's declared inputs and outputs. Each message runs the session once; outputs travel back transferred.
 * An argmax request has onnxruntime write the scores straight into the argmax kernel's memory and sends back
 * only labels and confidence; with `flip` it also runs the mirror image and averages the two (flip TTA).
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import type { RuntimeTensor } from '../core/types.js';
import { argmaxInPlace, argmaxInput, flipAverageInPlace, flipAverageInputs } from '../postprocess/wasm-argmax.js';
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

function outputs(request: ArgmaxRequest, n: number): { labels: Uint8Array | Uint16Array; confidence?: Float32Array } {
  const labels = request.classes > 256 ? new Uint16Array(n) : new Uint8Array(n);
  return { labels, confidence: request.confidence ? new Float32Array(n) : undefined };
}

function labelsReply(result: { labels: Uint8Array | Uint16Array; confidence?: Float32Array }): { reply: ArgmaxReply; transfer: ArrayBuffer[] } {
  const transfer = [result.labels.buffer as ArrayBuffer];
  if (result.confidence) transfer.push(result.confidence.buffer as ArrayBuffer);
  return { reply: { kind: 'labels', ...result }, transfer };
}

/** Mirrors an image tensor left-right in place. */
function mirror(tensor: ort.Tensor, layout: 'NCHW' | 'NHWC'): void {
  const data = tensor.data as RuntimeTensor['data'];
  const [, d1, d2, d3] = tensor.dims;
  // NCHW: planes of height x width, single samples swap; NHWC: rows of width pixels of d3 channels.
  const [rows, width, group] = layout === 'NCHW' ? [d1 * d2, d3, 1] : [d1, d2, d3];
  const rowLength = width * group;
  for (let r = 0; r < rows; r++) {
    const start = r * rowLength;
    for (let left = 0, right = width - 1; left < right; left++, right--) {
      for (let g = 0; g < group; g++) {
        const i = start + left * group + g;
        const j = start + right * group + g;
        const t = data[i];
        data[i] = data[j];
        data[j] = t;
      }
    }
  }
}

/** Quiet run options: a shape mismatch with a pre-allocated output is expected for some models and handled. */
const QUIET = { logSeverityLevel: 4 } as const;

async function runArgmax(session: ort.InferenceSession, feeds: Record<string, ort.Tensor>, request: ArgmaxRequest): Promise<{ reply: ArgmaxReply; transfer: ArrayBuffer[] }> {
  const { output, classes, height, width, flip } = request;
  const n = height * width;
  const dims = [1, classes, height, width];
  const key = Object.values(feeds).map((t) => t.dims.join('x')).join(',');
  if (flip) {
    const places = mismatched.has(key) ? null : flipAverageInputs(classes, width, height);
    if (!places) return { reply: { kind: 'declined' }, transfer: [] };
    try {
      await session.run(feeds, { [output]: new ort.Tensor('float32', places[0], dims) }, QUIET);
      mirror(feeds[flip.input], flip.layout);
      await session.run(feeds, { [output]: new ort.Tensor('float32', places[1], dims) }, QUIET);
    } catch {
      mismatched.add(key);
      return { reply: { kind: 'declined' }, transfer: [] };
    }
    const result = outputs(request, n);
    flipAverageInPlace(classes, width, height, result.labels, result.confidence, request.softmax);
    return labelsReply(result);
  }
  const place = mismatched.has(key) ? null : argmaxInput(classes, n);
  if (place) {
    try {
      await session.run(feeds, { [output]: new ort.Tensor('float32', place, dims) }, QUIET);
      const result = outputs(request, n);
      argmaxInPlace(classes, n, result.labels, result.confidence, request.softmax);
      return labelsReply(result);
    } catch {
      // Most likely the output is not [1, classes, height, width]; a real failure repeats below and is reported.
      mismatched.add(key);
    }
  }
  const transfer: ArrayBuffer[] = [];
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
