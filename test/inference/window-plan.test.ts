import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gridCount, planWindows, windowStarts } from '../../src/inference/window-plan.js';

/** MMSegmentation's slide_inference loop, written out literally: (y1, y2) of every window along one axis. */
function mmsegWindows(size: number, crop: number, stride: number): [number, number][] {
  const grids = Math.floor(Math.max(size - crop + stride - 1, 0) / stride) + 1;
  const out: [number, number][] = [];
  for (let i = 0; i < grids; i++) {
    let a = i * stride;
    const b = Math.min(a + crop, size);
    a = Math.max(b - crop, 0);
    out.push([a, b]);
  }
  return out;
}

test('window starts and sizes follow the MMSegmentation formula (smaller than crop, multiples, odd sizes)', () => {
  const cases: [number, number, number][] = [
    [1, 512, 341], [300, 512, 341], [511, 512, 341], [512, 512, 341], [513, 512, 341], [1000, 512, 341],
    [1024, 512, 512], [1025, 512, 512], [2048, 512, 384], [2049, 512, 384], [20000, 512, 384], [97, 32, 20], [61, 24, 15], [7, 3, 1],
  ];
  for (const [size, crop, stride] of cases) {
    const reference = mmsegWindows(size, crop, stride);
    const starts = windowStarts(size, crop, stride);
    assert.equal(gridCount(size, crop, stride), reference.length, `count for ${size}/${crop}/${stride}`);
    assert.deepEqual(starts.map((s) => [s, s + Math.min(crop, size)]), reference, `windows for ${size}/${crop}/${stride}`);
  }
});

test('hand-checked plans', () => {
  assert.deepEqual(windowStarts(1000, 512, 341), [0, 341, 488]);
  assert.deepEqual(windowStarts(1024, 512, 512), [0, 512]);
  assert.deepEqual(windowStarts(1025, 512, 512), [0, 512, 513]);
  assert.deepEqual(windowStarts(300, 512, 341), [0]);
  assert.equal(gridCount(20000, 512, 384), 52);
  const plan = planWindows(300, 1000, { width: 512, height: 512 }, { width: 341, height: 341 });
  assert.deepEqual(plan, { width: 300, height: 512, xs: [0], ys: [0, 341, 488] });
});

test('every pixel is covered and the last window ends on the last pixel', () => {
  for (const [size, crop, stride] of [[999, 100, 37], [64, 64, 1], [65, 64, 64], [1234, 256, 171]]) {
    const count = new Uint8Array(size);
    const starts = windowStarts(size, crop, stride);
    for (const s of starts) for (let i = s; i < Math.min(s + crop, size); i++) count[i]++;
    assert.ok(count.every((c) => c > 0), `gap for ${size}/${crop}/${stride}`);
    assert.equal(starts.at(-1)! + Math.min(crop, size), size);
  }
});
