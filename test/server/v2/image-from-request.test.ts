import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseInferRequest } from '../../../src/server/v2/parse-infer-request.js';
import { imageFromRequest } from '../../../src/server/v2/image-from-request.js';
import { assertInvalid, binaryBody, jsonBody, lengthPrefixed } from './helpers.js';

const PNG_HEAD = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function fromJson(inputs: unknown[]) {
  return imageFromRequest(parseInferRequest(jsonBody({ inputs })));
}

test('a UINT8 [H, W, 3] tensor becomes a RasterImage over the request bytes', () => {
  const pixels = Array.from({ length: 2 * 3 * 3 }, (_, i) => i * 10);
  const got = fromJson([{ name: 'image', datatype: 'UINT8', shape: [2, 3, 3], data: pixels }]);
  assert.equal(got.kind, 'raster');
  if (got.kind !== 'raster') return;
  assert.equal(got.batched, false);
  assert.deepEqual({ ...got.image, data: Array.from(got.image.data) }, { data: pixels, width: 3, height: 2, channels: 3 });
  const { body, headerLength } = binaryBody({ inputs: [{ name: 'image', datatype: 'UINT8', shape: [1, 2, 3, 3], parameters: { binary_data_size: 18 } }] }, pixels);
  const binary = imageFromRequest(parseInferRequest(body, { inferenceHeaderContentLength: String(headerLength) }));
  assert.ok(binary.kind === 'raster' && binary.batched && binary.image.width === 3 && binary.image.height === 2);
  assert.equal(binary.image.data.buffer, body.buffer, 'no copy of the pixels');
});

test('a BYTES tensor holds one encoded image: binary bytes as sent, JSON as base64', () => {
  const { body, headerLength } = binaryBody({ inputs: [{ name: 'image', datatype: 'BYTES', shape: [1], parameters: { binary_data_size: 12 } }] }, lengthPrefixed(PNG_HEAD));
  const binary = imageFromRequest(parseInferRequest(body, { inferenceHeaderContentLength: String(headerLength) }));
  assert.deepEqual(binary.kind === 'encoded' && [binary.batched, Array.from(binary.bytes)], [false, PNG_HEAD]);
  const base64 = Buffer.from(PNG_HEAD).toString('base64');
  const json = fromJson([{ name: 'image', datatype: 'BYTES', shape: [1, 1], data: [base64] }]);
  assert.deepEqual(json.kind === 'encoded' && [json.batched, Array.from(json.bytes)], [true, PNG_HEAD]);
  const raw = imageFromRequest(parseInferRequest(Uint8Array.from(PNG_HEAD), { inferenceHeaderContentLength: '0' }));
  assert.deepEqual(raw.kind === 'encoded' && Array.from(raw.bytes), PNG_HEAD);
});

test('requests that do not hold one RGB image are refused with what was expected', () => {
  const rgb = { name: 'image', datatype: 'UINT8', shape: [1, 1, 3], data: [1, 2, 3] };
  assertInvalid(() => fromJson([rgb, { ...rgb, name: 'other' }]), /^Expected one input \(image\) for inputs but received "2 inputs"$/);
  assertInvalid(() => fromJson([{ ...rgb, name: 'input0' }]), /^Expected the input name "image" for inputs\[0\]\.name but received "input0"$/);
  assertInvalid(() => fromJson([{ ...rgb, shape: [1, 3, 1], data: [1, 2, 3] }]), /^Expected \[H, W, 3\] or \[1, H, W, 3\] with H and W of 1 or more \(RGB, row-major\) for inputs\[0\]\.shape but received \[1, 3, 1\]$/);
  assertInvalid(() => fromJson([{ ...rgb, shape: [2, 1, 1, 3], data: [1, 2, 3, 4, 5, 6] }]), /for inputs\[0\]\.shape but received \[2, 1, 1, 3\]$/);
  assertInvalid(() => fromJson([{ ...rgb, shape: [0, 1, 3], data: [] }]), /for inputs\[0\]\.shape but received \[0, 1, 3\]$/);
  assertInvalid(() => fromJson([{ ...rgb, shape: [3], data: [1, 2, 3] }]), /for inputs\[0\]\.shape but received \[3\]$/);
  assertInvalid(() => fromJson([{ ...rgb, datatype: 'FP32', data: [0.1, 0.2, 0.3] }]), /^Expected UINT8 \(an \[H, W, 3\] image\) or BYTES \(one encoded image\) for inputs\[0\]\.datatype but received "FP32"$/);
  const bytes = { name: 'image', datatype: 'BYTES', shape: [1], data: ['iVBORw=='] };
  assertInvalid(() => fromJson([{ ...bytes, shape: [2], data: ['iVBORw==', 'iVBORw=='] }]), /^Expected \[1\] or \[1, 1\] \(one encoded image\) for inputs\[0\]\.shape but received \[2\]$/);
  assertInvalid(() => fromJson([{ ...bytes, data: ['not base64!'] }]), /^Expected base64 \(an encoded image in a JSON BYTES element\) for inputs\[0\]\.data\[0\] but received "not base64!"$/);
  assertInvalid(() => fromJson([{ ...bytes, data: ['iVBORw='] }]), /^Expected base64/);
  assertInvalid(() => fromJson([{ ...bytes, data: [''] }]), /^Expected the bytes of an encoded image for inputs\[0\]\.data\[0\] but received "an empty element"$/);
  const big = parseInferRequest(jsonBody({ inputs: [{ ...rgb, shape: [2, 2, 3], data: Array(12).fill(0) }] }));
  assertInvalid(() => imageFromRequest(big, { maxPixels: 3 }), /^Expected at most 3 pixels but received a 2x2 image tensor$/, 'IMAGE_TOO_LARGE');
  assert.equal(imageFromRequest(big, { maxPixels: 4 }).kind, 'raster');
});
