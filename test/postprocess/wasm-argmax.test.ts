import { test } from 'node:test';
import assert from 'node:assert/strict';
import { argmaxInput, kernelMemoryBytes, wasmPlaneArgmax } from '../../src/postprocess/wasm-argmax.js';

/** Reference argmax over C planes of n scores (ties to the lower class). */
function jsArgmax(data: Float32Array, C: number, n: number): Uint8Array {
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let best = data[i];
    for (let c = 1; c < C; c++) if (data[c * n + i] > best) (best = data[c * n + i]), (labels[i] = c);
  }
  return labels;
}

function scores(C: number, n: number, seed: number): Float32Array {
  return Float32Array.from({ length: C * n }, (_, i) => Math.sin(i * 12.9898 + seed) * 43758.5453 % 1);
}

test('the kernel gives back memory after a big image when smaller ones follow, and stays correct', () => {
  const C = 4;
  const big = 2048 * 2048;
  assert.ok(argmaxInput(C, big), 'WebAssembly SIMD is available here');
  const afterBig = kernelMemoryBytes();
  assert.ok(afterBig >= 4 * C * big, `holds ${afterBig} bytes for the big image`);
  const n = 97 * 61;
  const data = scores(C, n, 3);
  const labels = new Uint8Array(n);
  assert.ok(wasmPlaneArgmax(data, C, n, labels, undefined, true));
  assert.ok(kernelMemoryBytes() < afterBig / 4, `still holds ${kernelMemoryBytes()} bytes after a small image`);
  assert.deepEqual(labels, jsArgmax(data, C, n));
});

test('a request beyond the memory cap goes the JS way instead of growing the kernel', () => {
  const before = kernelMemoryBytes();
  assert.equal(argmaxInput(64, 5_000_000), null);
  assert.equal(kernelMemoryBytes(), before);
  const n = 50;
  const data = scores(3, n, 1);
  const labels = new Uint8Array(n);
  assert.ok(wasmPlaneArgmax(data, 3, n, labels, undefined, false));
  assert.deepEqual(labels, jsArgmax(data, 3, n));
});
