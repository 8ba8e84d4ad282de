/**
 * Argmax and softmax confidence over NCHW class planes with WebAssembly SIMD (tools/wasm/argmax.c), several times
 * faster than the JS loop; also fused with the bilinear resize of low-resolution scores (wasmResizeArgmax). Returns false where WebAssembly SIMD is not available (or the request is beyond the
 * kernel's memory cap), and the caller uses the JS loop (which is also the reference the tests compare this with).
 */
import type { ResizeAxis } from '../preprocess/resize.js';
import { ARGMAX_WASM_BASE64 } from './wasm-kernels.js';
import type { ScoreGeometry } from './score-geometry.js';

interface Kernel {
  memory: WebAssembly.Memory;
  argmaxPlanes: (scores: number, classes: number, n: number, labels: number, confidence: number, softmax: number) => void;
  argmaxFlipAverage: (a: number, b: number, classes: number, width: number, height: number, labels: number, confidence: number, softmax: number, scratch: number) => void;
  resizeArgmax: (...args: number[]) => void;
}

const PAGE = 65536;
/** The module keeps its (unused) stack in the first pages of memory; data starts above it. */
const DATA_START = 2 * PAGE;
/**
 * Memory bounds for long-running processes: a request needing more than MAX_BYTES goes the JS way; memory held
 * beyond SHRINK_FACTOR times what a request needs (and above KEEP_BYTES) is given back by starting a fresh
 * instance, so one huge image does not pin its memory for the rest of the process (WebAssembly memory only grows).
 */
const MAX_BYTES = 1024 * 1024 * 1024;
const KEEP_BYTES = 32 * 1024 * 1024;
const SHRINK_FACTOR = 4;

let compiled: WebAssembly.Module | null | undefined;
let kernel: Kernel | null = null;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A fresh instance with at least `bytes` of memory; null without WebAssembly SIMD or when the memory is refused. */
function instantiate(bytes: number): Kernel | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(decodeBase64(ARGMAX_WASM_BASE64));
    } catch {
      compiled = null;
    }
  }
  if (!compiled) return null;
  try {
    const memory = new WebAssembly.Memory({ initial: Math.max(4, Math.ceil(bytes / PAGE)) });
    const instance = new WebAssembly.Instance(compiled, { env: { memory } });
    return {
      memory,
      argmaxPlanes: instance.exports.argmax_planes as Kernel['argmaxPlanes'],
      argmaxFlipAverage: instance.exports.argmax_flip_average as Kernel['argmaxFlipAverage'],
      resizeArgmax: instance.exports.resize_argmax as Kernel['resizeArgmax'],
    };
  } catch {
    return null;
  }
}

function loadKernel(): Kernel | null {
  kernel ??= instantiate(0);
  return kernel;
}

/** Bytes of memory the kernel holds now (0 before its first use or without WebAssembly SIMD). */
export function kernelMemoryBytes(): number {
  return kernel ? kernel.memory.buffer.byteLength : 0;
}

/**
 * Byte offsets in the kernel's memory for `runs` score volumes of C planes of n pixels, then labels, confidence
 * and a small scratch area.
 */
function layout(C: number, n: number, runs: 1 | 2) {
  const labels = DATA_START + 4 * runs * C * n;
  const confidence = labels + 4 * n;
  const scratch = confidence + 4 * n;
  return { scores: DATA_START, second: DATA_START + 4 * C * n, labels, confidence, scratch, end: scratch + 32 * C };
}

/** The kernel with at least `end` bytes of memory (grown, or a fresh smaller instance), or null beyond MAX_BYTES. */
function reserveBytes(end: number): Kernel | null {
  if (end > MAX_BYTES || !loadKernel()) return null;
  const held = kernel!.memory.buffer.byteLength;
  if (held > KEEP_BYTES && held > SHRINK_FACTOR * end) {
    kernel = instantiate(end);
  } else if (end > held) {
    try {
      kernel!.memory.grow(Math.ceil((end - held) / PAGE));
    } catch {
      return null; // memory refused: this request goes the JS way, the kernel stays for smaller ones
    }
  }
  return kernel;
}

/** The kernel with memory for the layout, or null. */
function reserve(C: number, n: number, runs: 1 | 2): { k: Kernel; place: ReturnType<typeof layout> } | null {
  const place = layout(C, n, runs);
  const k = reserveBytes(place.end);
  return k ? { k, place } : null;
}

/** The layout of scores placed before (by argmaxInput or flipAverageInputs, for the same sizes). */
function placed(C: number, n: number, runs: 1 | 2): { k: Kernel; place: ReturnType<typeof layout> } {
  const place = layout(C, n, runs);
  if (!kernel || kernel.memory.buffer.byteLength < place.end) throw new Error('Expected scores placed by argmaxInput/flipAverageInputs before the argmax but found none');
  return { k: kernel, place };
}

function readResults(k: Kernel, place: ReturnType<typeof layout>, n: number, labels: Uint8Array | Uint16Array, confidence: Float32Array | undefined): void {
  labels.set(new Int32Array(k.memory.buffer, place.labels, n));
  if (confidence) confidence.set(new Float32Array(k.memory.buffer, place.confidence, n));
}

/**
 * Where C planes of n scores must be written for argmaxInPlace (a view on the kernel's memory, valid until the
 * next call into this module), or null without WebAssembly SIMD. Lets a runtime write model outputs straight there.
 */
export function argmaxInput(C: number, n: number): Float32Array | null {
  const reserved = reserve(C, n, 1);
  return reserved && new Float32Array(reserved.k.memory.buffer, reserved.place.scores, C * n);
}

/** Argmax (and confidence) of the scores already placed in the view argmaxInput returned. */
export function argmaxInPlace(C: number, n: number, labels: Uint8Array | Uint16Array, confidence: Float32Array | undefined, softmax: boolean): void {
  const { k, place } = placed(C, n, 1);
  k.argmaxPlanes(place.scores, C, n, place.labels, confidence ? place.confidence : 0, softmax ? 1 : 0);
  readResults(k, place, n, labels, confidence);
}

/**
 * For flip test-time augmentation: where the scores of the image and of its mirror image must be written (two
 * views, valid until the next call into this module), or null without WebAssembly SIMD.
 */
export function flipAverageInputs(C: number, width: number, height: number): [Float32Array, Float32Array] | null {
  const n = width * height;
  const reserved = reserve(C, n, 2);
  if (!reserved) return null;
  const { buffer } = reserved.k.memory;
  return [new Float32Array(buffer, reserved.place.scores, C * n), new Float32Array(buffer, reserved.place.second, C * n)];
}

/**
 * Labels (and confidence) from the two runs placed by flipAverageInputs: probabilities (softmax of logits when
 * `softmax`) of the image and of the mirrored-back mirror image, averaged; argmax, ties to the lower class.
 */
export function flipAverageInPlace(C: number, width: number, height: number, labels: Uint8Array | Uint16Array, confidence: Float32Array | undefined, softmax: boolean): void {
  const n = width * height;
  const { k, place } = placed(C, n, 2);
  k.argmaxFlipAverage(place.scores, place.second, C, width, height, place.labels, confidence ? place.confidence : 0, softmax ? 1 : 0, place.scratch);
  readResults(k, place, n, labels, confidence);
}

/**
 * `data` holds C planes of n scores. Writes the winning class per pixel into `labels` and, when `confidence` is
 * given, the softmax probability of the winner (`softmax`) or the winning score itself.
 */
export function wasmPlaneArgmax(data: Float32Array, C: number, n: number, labels: Uint8Array | Uint16Array, confidence: Float32Array | undefined, softmax: boolean): boolean {
  const input = argmaxInput(C, n);
  if (!input) return false;
  input.set(data.subarray(0, C * n));
  argmaxInPlace(C, n, labels, confidence, softmax);
  return true;
}

/**
 * resize_argmax's exp constants (see exp_nonpositive4 in argmax.c): 1.5 * 2^23, the floor -87, log2(e), then the
 * degree-4 polynomial for 2^f on [-0.5, 0.5], highest power first (relative error < 2.7e-6).
 */
const EXP_TABLE = Float32Array.of(12582912, -87, 1.4426950408889634, 9.5700799e-3, 5.5917863e-2, 2.4024746e-1, 6.9312179e-1, 9.9999928e-1);

/** `bytes` rounded up to a multiple of 16, so every section below starts aligned for SIMD. */
const aligned = (bytes: number) => Math.ceil(bytes / 16) * 16;

/**
 * Low-resolution scores (`g`: layout and size; `xs`/`ys`: the image's columns and rows on the score grid, resizeAxis)
 * resized bilinearly to the image, argmax and confidence in one pass, two resampled score rows at a time
 * (resize_argmax in tools/wasm/argmax.c). Same labels as the JS loop over sampleScores; false without WebAssembly
 * SIMD or beyond the memory cap.
 */
export function wasmResizeArgmax(
  data: Float32Array,
  g: ScoreGeometry,
  xs: ResizeAxis,
  ys: ResizeAxis,
  labels: Uint8Array | Uint16Array,
  confidence: Float32Array | undefined,
  softmax: boolean,
): boolean {
  const W = xs.lower.length;
  const H = ys.lower.length;
  const C = g.channels;
  const n = W * H;
  const scores = DATA_START;
  const columns = scores + aligned(4 * C * g.width * g.height);
  const rows = columns + aligned(12 * W);
  const cache = rows + aligned(12 * H);
  const labelsAt = cache + aligned(8 * C * W + 32 * C);
  const confidenceAt = labelsAt + aligned(labels.BYTES_PER_ELEMENT * n + 16);
  const expTable = confidenceAt + aligned(4 * n);
  const end = expTable + 4 * EXP_TABLE.length;
  const k = reserveBytes(end);
  if (!k) return false;
  const { buffer } = k.memory;
  new Float32Array(buffer, scores, C * g.width * g.height).set(data.subarray(0, C * g.width * g.height));
  const axis = (at: number, a: ResizeAxis, size: number) => {
    new Int32Array(buffer, at, size).set(a.lower);
    new Int32Array(buffer, at + 4 * size, size).set(a.upper);
    new Float32Array(buffer, at + 8 * size, size).set(a.frac);
  };
  axis(columns, xs, W);
  axis(rows, ys, H);
  const wide = labels.BYTES_PER_ELEMENT === 2;
  new Float32Array(buffer, expTable, EXP_TABLE.length).set(EXP_TABLE);
  // prettier-ignore
  k.resizeArgmax(scores, C, g.width, g.cStride, g.pStride, W, H, columns, columns + 4 * W, columns + 8 * W, rows, rows + 4 * H, rows + 8 * H,
    labelsAt, wide ? 1 : 0, confidence ? confidenceAt : 0, softmax ? 1 : 0, cache, expTable);
  labels.set(wide ? new Uint16Array(buffer, labelsAt, n) : new Uint8Array(buffer, labelsAt, n));
  if (confidence) confidence.set(new Float32Array(buffer, confidenceAt, n));
  return true;
}
