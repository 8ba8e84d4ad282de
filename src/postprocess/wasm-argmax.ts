/**
 * Argmax and softmax confidence over NCHW class planes with WebAssembly SIMD (tools/wasm/argmax.c), several times
 * faster than the JS loop. Returns false where WebAssembly SIMD is not available, and the caller uses the JS loop
 * (which is also the reference the tests compare this with).
 */
import { ARGMAX_WASM_BASE64 } from './wasm-kernels.js';

interface Kernel {
  memory: WebAssembly.Memory;
  argmaxPlanes: (scores: number, classes: number, n: number, labels: number, confidence: number, softmax: number) => void;
  argmaxFlipAverage: (a: number, b: number, classes: number, width: number, height: number, labels: number, confidence: number, softmax: number, scratch: number) => void;
}

const PAGE = 65536;
/** The module keeps its (unused) stack in the first pages of memory; data starts above it. */
const DATA_START = 2 * PAGE;

let kernel: Kernel | null | undefined;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function loadKernel(): Kernel | null {
  if (kernel !== undefined) return kernel;
  try {
    const memory = new WebAssembly.Memory({ initial: 4 });
    const module = new WebAssembly.Module(decodeBase64(ARGMAX_WASM_BASE64));
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    kernel = {
      memory,
      argmaxPlanes: instance.exports.argmax_planes as Kernel['argmaxPlanes'],
      argmaxFlipAverage: instance.exports.argmax_flip_average as Kernel['argmaxFlipAverage'],
    };
  } catch {
    kernel = null;
  }
  return kernel;
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

function reserve(k: Kernel, C: number, n: number, runs: 1 | 2): ReturnType<typeof layout> {
  const place = layout(C, n, runs);
  const needed = place.end - k.memory.buffer.byteLength;
  if (needed > 0) k.memory.grow(Math.ceil(needed / PAGE));
  return place;
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
  const k = loadKernel();
  if (!k) return null;
  const place = reserve(k, C, n, 1);
  return new Float32Array(k.memory.buffer, place.scores, C * n);
}

/** Argmax (and confidence) of the scores already placed in the view argmaxInput returned. */
export function argmaxInPlace(C: number, n: number, labels: Uint8Array | Uint16Array, confidence: Float32Array | undefined, softmax: boolean): void {
  const k = loadKernel()!;
  const place = reserve(k, C, n, 1);
  k.argmaxPlanes(place.scores, C, n, place.labels, confidence ? place.confidence : 0, softmax ? 1 : 0);
  readResults(k, place, n, labels, confidence);
}

/**
 * For flip test-time augmentation: where the scores of the image and of its mirror image must be written (two
 * views, valid until the next call into this module), or null without WebAssembly SIMD.
 */
export function flipAverageInputs(C: number, width: number, height: number): [Float32Array, Float32Array] | null {
  const k = loadKernel();
  if (!k) return null;
  const n = width * height;
  const place = reserve(k, C, n, 2);
  return [new Float32Array(k.memory.buffer, place.scores, C * n), new Float32Array(k.memory.buffer, place.second, C * n)];
}

/**
 * Labels (and confidence) from the two runs placed by flipAverageInputs: probabilities (softmax of logits when
 * `softmax`) of the image and of the mirrored-back mirror image, averaged; argmax, ties to the lower class.
 */
export function flipAverageInPlace(C: number, width: number, height: number, labels: Uint8Array | Uint16Array, confidence: Float32Array | undefined, softmax: boolean): void {
  const k = loadKernel()!;
  const n = width * height;
  const place = reserve(k, C, n, 2);
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
