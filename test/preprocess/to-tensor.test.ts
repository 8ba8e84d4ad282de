import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageToTensor } from '../../src/preprocess/to-tensor.js';
import { planInput } from '../../src/preprocess/plan.js';
import { inputSpecSchema } from '../../src/models/card-schema.js';
import type { RasterImage } from '../../src/core/types.js';

// 2x1 RGB image: pixel 0 = (10, 20, 30), pixel 1 = (40, 50, 60)
const image: RasterImage = { data: new Uint8Array([10, 20, 30, 40, 50, 60]), width: 2, height: 1, channels: 3 };

test('NCHW RGB with scale, mean and std', () => {
  const spec = inputSpecSchema.parse({ valueScale: 0.1, mean: [1, 2, 3], std: [2, 4, 5] });
  const t = imageToTensor(image, planInput(2, 1, spec), spec);
  assert.deepEqual(t.dims, [1, 3, 1, 2]);
  // (v * 0.1 - mean) / std, channel planes one after the other
  assert.deepEqual(Array.from(t.data as Float32Array).map((v) => +v.toFixed(5)), [0, 1.5, 0, 0.75, 0, 0.6]);
});

test('NHWC BGR keeps pixels interleaved with colours reversed', () => {
  const spec = inputSpecSchema.parse({ layout: 'NHWC', colorOrder: 'BGR', valueScale: 1 });
  const t = imageToTensor(image, planInput(2, 1, spec), spec);
  assert.deepEqual(t.dims, [1, 1, 2, 3]);
  assert.deepEqual(Array.from(t.data as Float32Array), [30, 20, 10, 60, 50, 40]);
});

test('uint8 input keeps raw values', () => {
  const spec = inputSpecSchema.parse({ dtype: 'uint8', mean: [100, 100, 100] });
  const t = imageToTensor(image, planInput(2, 1, spec), spec);
  assert.equal(t.type, 'uint8');
  assert.deepEqual(Array.from(t.data as Uint8Array), [10, 40, 20, 50, 30, 60]);
});

test('grey images feed all three channels; one-channel models get luma of colour images', () => {
  const grey: RasterImage = { data: new Uint8Array([7, 9]), width: 2, height: 1, channels: 1 };
  const rgbSpec = inputSpecSchema.parse({ valueScale: 1 });
  assert.deepEqual(Array.from(imageToTensor(grey, planInput(2, 1, rgbSpec), rgbSpec).data as Float32Array), [7, 9, 7, 9, 7, 9]);
  const lumaSpec = inputSpecSchema.parse({ valueScale: 1, channels: 1, mean: [0], std: [1] });
  const t = imageToTensor(image, planInput(2, 1, lumaSpec), lumaSpec);
  assert.deepEqual(t.dims, [1, 1, 1, 2]);
  assert.ok(Math.abs((t.data as Float32Array)[0] - (0.299 * 10 + 0.587 * 20 + 0.114 * 30)) < 1e-4);
});

test('dynamic models pad to a multiple with the pad value, content stays top-left', () => {
  const spec = inputSpecSchema.parse({ size: { mode: 'dynamic', multipleOf: 4 }, valueScale: 1, padValue: 255 });
  const plan = planInput(2, 1, spec);
  assert.deepEqual([plan.inputWidth, plan.inputHeight, plan.contentWidth, plan.contentHeight], [4, 4, 2, 1]);
  const t = imageToTensor(image, plan, spec);
  const red = Array.from((t.data as Float32Array).subarray(0, 16));
  assert.deepEqual(red.slice(0, 4), [10, 40, 255, 255]);
  assert.deepEqual(red.slice(4), new Array(12).fill(255));
});

test('letterbox keeps the aspect ratio and centres the content', () => {
  const spec = inputSpecSchema.parse({ size: { mode: 'fixed', width: 8, height: 8 }, resize: 'letterbox' });
  const plan = planInput(4, 2, spec);
  assert.deepEqual([plan.contentX, plan.contentY, plan.contentWidth, plan.contentHeight], [0, 2, 8, 4]);
});

test('stretch resizes to the fixed size', () => {
  const spec = inputSpecSchema.parse({ size: { mode: 'fixed', width: 4, height: 2 }, resize: 'stretch', valueScale: 1 });
  const t = imageToTensor(image, planInput(2, 1, spec), spec);
  assert.deepEqual(t.dims, [1, 3, 2, 4]);
  // half-pixel bilinear: 10, 17.5, 32.5, 40 along the row
  assert.deepEqual(Array.from((t.data as Float32Array).subarray(0, 4)), [10, 17.5, 32.5, 40]);
});

test('a recycled input buffer full of old values gives the same tensor as a fresh one (plain, padded, resized)', async () => {
  const { recycle } = await import('../../src/core/buffer-recycler.js');
  const photo: RasterImage = { data: Uint8Array.from({ length: 5 * 3 * 3 }, (_, i) => (i * 29) % 256), width: 5, height: 3, channels: 3 };
  const specs = [
    inputSpecSchema.parse({ valueScale: 1 / 255, mean: [0.5, 0.4, 0.3], std: [0.2, 0.25, 0.3] }),
    inputSpecSchema.parse({ size: { mode: 'dynamic', multipleOf: 4 }, padValue: 7 }),
    inputSpecSchema.parse({ size: { mode: 'fixed', width: 8, height: 6 }, resize: 'letterbox' }),
  ];
  for (const spec of specs) {
    const plan = planInput(photo.width, photo.height, spec);
    const fresh = imageToTensor(photo, plan, spec);
    recycle(new Float32Array(fresh.data.length).fill(Number.NaN).buffer);
    const reused = imageToTensor(photo, plan, spec);
    assert.notEqual(reused.data.buffer, fresh.data.buffer);
    assert.deepEqual(reused.data, fresh.data, JSON.stringify(spec.size));
  }
});
