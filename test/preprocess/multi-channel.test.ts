/** Inputs beyond 8-bit RGB: band selection, 16-bit and float samples with a value range, and what is refused. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageToTensor } from '../../src/preprocess/to-tensor.js';
import { checkInputImage } from '../../src/preprocess/input-check.js';
import { planInput } from '../../src/preprocess/plan.js';
import { inputSpecSchema, type InputSpecInput } from '../../src/models/card-schema.js';
import type { RasterImage } from '../../src/core/types.js';

const spec = (input: InputSpecInput) => inputSpecSchema.parse(input);
const tensorOf = (image: RasterImage, input: InputSpecInput) => {
  const s = spec(input);
  checkInputImage(image, s);
  return Array.from(imageToTensor(image, planInput(image.width, image.height, s), s).data as Float32Array).map((v) => +v.toFixed(5));
};
const invalid = (pattern: RegExp) => (e: Error & { code?: string }) => e.code === 'INVALID_ARGUMENT' && pattern.test(e.message);

test('a float32 image with a range is mapped onto 0..255, clipped, then scaled and normalised', () => {
  // 2x1, 3 bands: pixel 0 = (0, 0.5, 1), pixel 1 = (-0.5, 0.25, 2); range 0..1 -> 0..255 units, valueScale 1/255.
  const image: RasterImage = { data: new Float32Array([0, 0.5, 1, -0.5, 0.25, 2]), width: 2, height: 1, channels: 3 };
  assert.deepEqual(tensorOf(image, { range: { min: 0, max: 1 } }), [0, 0, 0.5, 0.25, 1, 1]);
  assert.deepEqual(tensorOf(image, { range: { min: 0, max: 1 }, mean: [0.5], std: [0.5] }), [-1, -1, 0, -0.5, 1, 1]);
});

test('float samples that are NaN or infinite are refused, and so are floats outside 0..255 without a range', () => {
  const nan: RasterImage = { data: new Float32Array([0, 0.5, Number.NaN]), width: 1, height: 1, channels: 3 };
  assert.throws(() => checkInputImage(nan, spec({ range: { min: 0, max: 1 } })), invalid(/finite float samples for image\.data\[2\] but received NaN/));
  const inf: RasterImage = { data: new Float32Array([Number.POSITIVE_INFINITY, 0, 0]), width: 1, height: 1, channels: 3 };
  assert.throws(() => checkInputImage(inf, spec({ range: { min: 0, max: 1 } })), invalid(/image\.data\[0\] but received Infinity/));
  const normalised: RasterImage = { data: new Float32Array([-0.4, 0.1, 0.2]), width: 1, height: 1, channels: 3 };
  assert.throws(() => checkInputImage(normalised, spec({})), invalid(/float samples in 0\.\.255 .* input\.range/));
  const eightBitUnits: RasterImage = { data: new Float32Array([0, 127.5, 255]), width: 1, height: 1, channels: 3 };
  assert.deepEqual(tensorOf(eightBitUnits, { valueScale: 1 }), [0, 127.5, 255]);
});

test('a 16-bit grey image through a 1-channel card with a 12-bit range', () => {
  const image: RasterImage = { data: new Uint16Array([0, 1365, 4095, 65535]), width: 4, height: 1, channels: 1 };
  // 4095 -> 255 units -> 1.0; above the range is clipped.
  assert.deepEqual(tensorOf(image, { channels: 1, range: { min: 0, max: 4095 } }), [0, 0.33333, 1, 1]);
  assert.throws(() => checkInputImage(image, spec({ channels: 1 })), invalid(/input\.range in the model card .* a uint16 image/));
});

test('int16 samples with a signed range (elevation, radar) are windowed', () => {
  const image: RasterImage = { data: new Int16Array([-1000, 0, 1000, 3000]), width: 4, height: 1, channels: 1 };
  assert.deepEqual(tensorOf(image, { channels: 1, range: { min: -1000, max: 1000 } }), [0, 0.5, 1, 1]);
});

test('bands pick and order source bands: [2, 1, 0] of a 4-band image, and 4 model channels take 4 bands', () => {
  const image: RasterImage = { data: new Uint8Array([10, 20, 30, 40, 50, 60, 70, 80]), width: 2, height: 1, channels: 4 };
  assert.deepEqual(tensorOf(image, { bands: [2, 1, 0], valueScale: 1 }), [30, 70, 20, 60, 10, 50]);
  assert.deepEqual(tensorOf(image, { bands: [3, 3, 0], valueScale: 1, layout: 'NHWC' }), [40, 40, 10, 80, 80, 50]);
  assert.deepEqual(tensorOf(image, { channels: 4, valueScale: 1 }), [10, 50, 20, 60, 30, 70, 40, 80]);
  assert.throws(() => checkInputImage(image, spec({ bands: [4, 1, 0] })), invalid(/at least 5 bands .* for image\.channels but received 4/));
  const rgb: RasterImage = { data: new Uint8Array(6), width: 2, height: 1, channels: 3 };
  assert.throws(() => checkInputImage(rgb, spec({ channels: 4 })), invalid(/4 bands \(input\.channels/));
});

test('an 8-bit image cannot reach a 16-bit range: refused instead of coming out nearly black', () => {
  const image: RasterImage = { data: new Uint8Array([0, 128, 255]), width: 1, height: 1, channels: 3 };
  assert.throws(() => checkInputImage(image, spec({ range: { min: 0, max: 65535 } })), invalid(/input\.range 0\.\.65535/));
  assert.deepEqual(tensorOf(image, { range: { min: 0, max: 255 }, valueScale: 1 }), [0, 128, 255]);
});

test('8-bit RGB with a range: the table path (NCHW) and the general path (NHWC) agree', () => {
  const data = Uint8Array.from({ length: 5 * 4 * 3 }, (_, i) => (i * 53) % 256);
  const image: RasterImage = { data, width: 5, height: 4, channels: 3 };
  const common = { range: { min: 16, max: 235 }, mean: [0.4, 0.5, 0.6], std: [0.2, 0.3, 0.4] };
  const planar = tensorOf(image, { ...common, layout: 'NCHW' });
  const interleaved = tensorOf(image, { ...common, layout: 'NHWC' });
  const plane = 5 * 4;
  for (let p = 0; p < plane; p++) for (let c = 0; c < 3; c++) assert.equal(planar[c * plane + p], interleaved[p * 3 + c]);
  // 16 and below -> 0 units, 235 and above -> 255 units.
  const lowest = data.indexOf(0);
  assert.equal(planar[(lowest % 3) * plane + Math.floor(lowest / 3)], +((0 - common.mean[lowest % 3]) / common.std[lowest % 3]).toFixed(5));
});

test('padding a 16-bit image uses padValue in 0..255 units, like 8-bit images', () => {
  const image: RasterImage = { data: new Uint16Array([65535]), width: 1, height: 1, channels: 1 };
  assert.deepEqual(tensorOf(image, { channels: 1, range: { min: 0, max: 65535 }, size: { mode: 'dynamic', multipleOf: 2 }, padValue: 51 }), [1, 0.2, 0.2, 0.2]);
});
