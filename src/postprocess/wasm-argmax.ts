/**
 * Argmax and softmax confidence over NCHW class planes with WebAssembly SIMD (tools/wasm/argmax.c): about 4x
 * faster than the JS loop for confidence and 6x for labels alone. Returns false where WebAssembly SIMD is not
 * available, and the caller uses the JS loop (which is also the reference the tests compare this with).
 */
import { ARGMAX_WASM_BASE64 } from './wasm-kernels.js';

interface Kernel {
  memory: WebAssembly.Memory;
  argmaxPlanes: (scores: number, classes: number, n: number, best: number, labels: number, confidence: number, softmax: number) => void;
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
    kernel = { memory, argmaxPlanes: instance.exports.argmax_planes as Kernel['argmaxPlanes'] };
  } catch {
    kernel = null;
  }
  return kernel;
}

/**
 * `data` holds C planes of n scores. Writes the winning class per pixel into `labels` and, when `confidence` is
 * given, the softmax probability of the winner (`softmax`) or the winning score itself.
 */
export function wasmPlaneArgmax(data: Float32Array, C: number, n: number, labels: Uint8Array | Uint16Array, confidence: Float32Array | undefined, softmax: boolean): boolean {
  const k = loadKernel();
  if (!k) return false;
  // Planes are laid out with a stride rounded up to 4 floats so every SIMD load is whole.
  const stride = (n + 3) & ~3;
  const bytes = 4 * stride * (C + 3);
  const needed = DATA_START + bytes - k.memory.buffer.byteLength;
  if (needed > 0) k.memory.grow(Math.ceil(needed / PAGE));
  const heap = k.memory.buffer;
  const scores = new Float32Array(heap, DATA_START, stride * C);
  for (let c = 0; c < C; c++) scores.set(data.subarray(c * n, (c + 1) * n), c * stride);
  const best = DATA_START + 4 * stride * C;
  const ids = best + 4 * stride;
  const conf = ids + 4 * stride;
  k.argmaxPlanes(DATA_START, C, stride, best, ids, confidence ? conf : 0, softmax ? 1 : 0);
  labels.set(new Int32Array(heap, ids, n));
  if (confidence) confidence.set(new Float32Array(heap, conf, n));
  return true;
}
