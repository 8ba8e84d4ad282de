/**
 * The worker side of InferenceBackend.runArgmax: onnxruntime writes the scores straight into the argmax kernel's
 * memory and only labels and confidence go back; with `flip` the mirror image runs too and the kernel averages the
 * two (flip TTA). The mean entropy, when asked, is taken here from the scores still in the kernel's memory, so the
 * scores never have to travel for it. Output shapes other than [1, classes, height, width] are remembered and run the plain way.
 * With `resize` (scores at a fraction of the image) the model runs plainly and the scores are resized, argmaxed and
 * turned into confidence here in one pass (decideLabels, the WebAssembly kernel where there is SIMD).
 */
import * as ort from 'onnxruntime-node';
import type { RuntimeTensor } from '../core/types.js';
import { argmaxInPlace, argmaxInput, flipAverageInPlace, flipAverageInputs } from '../postprocess/wasm-argmax.js';
import { entropySum, flipEntropySum } from '../postprocess/entropy.js';
import { decideLabels } from '../postprocess/scores-to-labels.js';
import type { OutputSpec } from '../models/card-schema.js';
import type { ArgmaxReply, ArgmaxRequest } from './types.js';

/** The buffers of these arrays that the arrays fill exactly (only those can be transferred without surprises). */
export function wholeBuffers(arrays: RuntimeTensor['data'][]): ArrayBuffer[] {
  const buffers = arrays.filter((a) => a.byteLength > 0 && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength).map((a) => a.buffer as ArrayBuffer);
  return [...new Set(buffers)];
}

export function toRuntime(t: ort.Tensor, transfer: ArrayBuffer[]): RuntimeTensor {
  const data = t.data as RuntimeTensor['data'];
  transfer.push(...wholeBuffers([data]));
  return { type: t.type as RuntimeTensor['type'], data, dims: [...t.dims] };
}

/** Per model: input shapes whose output did not have the shape an argmax request expected; those run plainly. */
const mismatched = new Map<number, Set<string>>();

export function forgetModel(model: number): void {
  mismatched.delete(model);
}

function shapesOf(model: number): Set<string> {
  let shapes = mismatched.get(model);
  if (!shapes) mismatched.set(model, (shapes = new Set()));
  return shapes;
}

/**
 * A run into the pre-allocated output failed: run plainly to learn why. A real failure throws from here (and
 * disables nothing); only an output of another shape than [1, classes, height, width] marks the input shape.
 */
async function explainFailure(session: ort.InferenceSession, feeds: Record<string, ort.Tensor>, output: string, dims: number[], shapes: Set<string>, key: string): Promise<RuntimeTensor> {
  const transfer: ArrayBuffer[] = [];
  const scores = toRuntime((await session.run(feeds, [output]))[output], transfer);
  if (scores.dims.length !== dims.length || scores.dims.some((d, i) => d !== dims[i])) shapes.add(key);
  return scores;
}

interface ArgmaxResult {
  labels: Uint8Array | Uint16Array;
  confidence?: Float32Array;
  meanEntropy?: number;
}

function outputs(request: ArgmaxRequest, n: number): ArgmaxResult {
  const labels = request.classes > 256 ? new Uint16Array(n) : new Uint8Array(n);
  return { labels, confidence: request.confidence ? new Float32Array(n) : undefined };
}

function labelsReply(result: ArgmaxResult): { reply: ArgmaxReply; transfer: ArrayBuffer[] } {
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

/** Whether `scores` have the rank, batch and channel count that decideLabels maps onto the image under `spec`. */
function decidable(scores: RuntimeTensor, spec: OutputSpec, classes: number): boolean {
  if (!(scores.data instanceof Float32Array) || scores.dims.length !== 4 || scores.dims[0] !== 1) return false;
  const channels = spec.layout === 'NCHW' ? scores.dims[1] : scores.dims[3];
  return channels === classes || (channels === 1 && classes === 2);
}

/** The plain run, then labels decided here under `resize`; the scores go back when they do not fit it. */
async function runAndResize(session: ort.InferenceSession, feeds: Record<string, ort.Tensor>, request: ArgmaxRequest): Promise<{ reply: ArgmaxReply; transfer: ArrayBuffer[] }> {
  const { plan, spec } = request.resize!;
  const transfer: ArrayBuffer[] = [];
  const scores = toRuntime((await session.run(feeds, [request.output]))[request.output], transfer);
  if (!decidable(scores, spec, request.classes)) return { reply: { kind: 'scores', scores }, transfer };
  return labelsReply(decideLabels(scores, plan, spec, request.classes, { confidence: request.confidence, entropy: request.entropy }));
}

export async function runArgmax(session: ort.InferenceSession, model: number, feeds: Record<string, ort.Tensor>, request: ArgmaxRequest): Promise<{ reply: ArgmaxReply; transfer: ArrayBuffer[] }> {
  const { output, classes, height, width, flip } = request;
  if (request.resize && !flip) return runAndResize(session, feeds, request);
  const n = height * width;
  const dims = [1, classes, height, width];
  const shapes = shapesOf(model);
  const key = Object.values(feeds).map((t) => t.dims.join('x')).join(',');
  if (flip) {
    const places = shapes.has(key) ? null : flipAverageInputs(classes, width, height);
    if (!places) return { reply: { kind: 'declined' }, transfer: [] };
    try {
      await session.run(feeds, { [output]: new ort.Tensor('float32', places[0], dims) }, QUIET);
    } catch {
      await explainFailure(session, feeds, output, dims, shapes, key);
      return { reply: { kind: 'declined' }, transfer: [] };
    }
    mirror(feeds[flip.input], flip.layout);
    await session.run(feeds, { [output]: new ort.Tensor('float32', places[1], dims) }, QUIET);
    const result = outputs(request, n);
    flipAverageInPlace(classes, width, height, result.labels, result.confidence, request.softmax);
    if (request.entropy) result.meanEntropy = flipEntropySum(places[0], places[1], classes, width, height, request.softmax, new Float64Array(2 * classes)) / n;
    return labelsReply(result);
  }
  const place = shapes.has(key) ? null : argmaxInput(classes, n);
  if (place) {
    try {
      await session.run(feeds, { [output]: new ort.Tensor('float32', place, dims) }, QUIET);
    } catch {
      const scores = await explainFailure(session, feeds, output, dims, shapes, key);
      return { reply: { kind: 'scores', scores }, transfer: wholeBuffers([scores.data]) };
    }
    const result = outputs(request, n);
    argmaxInPlace(classes, n, result.labels, result.confidence, request.softmax);
    if (request.entropy) result.meanEntropy = entropySum(place, classes, n, request.softmax ? 'logits' : 'probabilities') / n;
    return labelsReply(result);
  }
  const transfer: ArrayBuffer[] = [];
  const results = await session.run(feeds, [output]);
  return { reply: { kind: 'scores', scores: toRuntime(results[output], transfer) }, transfer };
}
