import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { importTflite } from '../../src/models/tflite/import.js';
import * as ref from './reference-ops.js';
import { buildTflite, type SyntheticModel } from './synthetic-tflite.js';

const OP = { ADD: 0, AVERAGE_POOL_2D: 1, CONV_2D: 3, DEPTHWISE_CONV_2D: 4, DEQUANTIZE: 6, MUL: 18, RESIZE_BILINEAR: 23, MEAN: 40, HARD_SWISH: 117 };
const SAME = { byte: 0 };

function ramp(length: number, seed: number): Float32Array {
  return Float32Array.from({ length }, (_, i) => Math.sin(i * 0.37 + seed) * 0.8);
}

function image(height: number, width: number, channels: number, seed = 1): ref.Image {
  return { data: ramp(height * width * channels, seed), height, width, channels };
}

/** Converts the synthetic model, runs it on an NHWC image and returns the NHWC output. */
async function run(model: SyntheticModel, input: ref.Image): Promise<ref.Image> {
  const { onnx, report } = importTflite(buildTflite(model));
  const session = await ort.InferenceSession.create(onnx);
  const { height, width, channels } = input;
  const nchw = new Float32Array(input.data.length);
  for (let i = 0; i < height * width; i += 1) for (let c = 0; c < channels; c += 1) nchw[c * height * width + i] = input.data[i * channels + c];
  const result = (await session.run({ input: new ort.Tensor('float32', nchw, [1, channels, height, width]) })).output;
  await session.release();
  const [, outChannels, outHeight, outWidth] = result.dims;
  assert.deepEqual(result.dims, report.output.dims);
  const values = result.data as Float32Array;
  const data = new Float32Array(values.length);
  const plane = outHeight * outWidth;
  for (let i = 0; i < plane; i += 1) for (let c = 0; c < outChannels; c += 1) data[i * outChannels + c] = values[c * plane + i];
  return { data, height: outHeight, width: outWidth, channels: outChannels };
}

function assertClose(actual: ref.Image, expected: ref.Image, tolerance = 1e-5): void {
  assert.deepEqual([actual.height, actual.width, actual.channels], [expected.height, expected.width, expected.channels]);
  let worst = 0;
  for (let i = 0; i < expected.data.length; i += 1) worst = Math.max(worst, Math.abs(actual.data[i] - expected.data[i]));
  assert.ok(worst <= tolerance, `max |diff| ${worst} > ${tolerance}`);
}

test('CONV_2D with SAME padding, stride 2 and an odd total pad, fused RELU', async () => {
  const input = image(6, 7, 2);
  const spec = { weights: ramp(3 * 3 * 3 * 2, 2), weightShape: [3, 3, 3, 2], bias: Float32Array.of(0.1, -0.2, 0.05), stride: 2, dilation: 1, depthwise: false };
  const expected = ref.conv(input, spec);
  expected.data.forEach((v, i) => (expected.data[i] = Math.max(0, v)));
  const output = await run(
    {
      tensors: [
        { name: 'x', shape: [1, 6, 7, 2] },
        { name: 'w', shape: [3, 3, 3, 2], data: spec.weights },
        { name: 'b', shape: [3], data: spec.bias },
        { name: 'y', shape: [1, 3, 4, 3] },
      ],
      inputs: [0],
      outputs: [3],
      operators: [{ builtin: OP.CONV_2D, inputs: [0, 1, 2], outputs: [3], options: { 0: SAME, 1: 2, 2: 2, 3: { byte: 1 } } }],
    },
    input,
  );
  assertClose(output, expected);
});

test('DEPTHWISE_CONV_2D with depth multiplier 2 and dilation 2, float16 weights through DEQUANTIZE', async () => {
  const input = image(7, 6, 2, 3);
  const patterns = [0x3c00, 0xbc00, 0x3800, 0x3555, 0x4000, 0xb800, 0x2e66, 0x3a00, 0xc000, 0x0001];
  const weights16 = Uint16Array.from({ length: 36 }, (_, i) => patterns[i % patterns.length] ^ (i % 3 === 0 ? 0x8000 : 0));
  const weights = Float32Array.from(weights16, half);
  const spec = { weights, weightShape: [1, 3, 3, 4], bias: Float32Array.of(0, 0.5, -0.5, 1), stride: 1, dilation: 2, depthwise: true };
  const output = await run(
    {
      tensors: [
        { name: 'x', shape: [1, 7, 6, 2] },
        { name: 'w16', shape: [1, 3, 3, 4], type: 1, data: weights16 },
        { name: 'w', shape: [1, 3, 3, 4] },
        { name: 'b', shape: [4], data: spec.bias },
        { name: 'y', shape: [1, 7, 6, 4] },
      ],
      inputs: [0],
      outputs: [4],
      operators: [
        { builtin: OP.DEQUANTIZE, inputs: [1], outputs: [2] },
        { builtin: OP.DEPTHWISE_CONV_2D, inputs: [0, 2, 3], outputs: [4], options: { 0: SAME, 1: 1, 2: 1, 3: 2, 5: 2, 6: 2 } },
      ],
    },
    input,
  );
  assertClose(output, ref.conv(input, spec));
});

test('Convolution2DTransposeBias with SAME padding cropping unevenly', async () => {
  const input = image(5, 4, 3, 4);
  const weights = ramp(2 * 4 * 4 * 3, 5);
  const bias = Float32Array.of(0.25, -0.75);
  const expected = ref.transposeConvBias(input, weights, [2, 4, 4, 3], bias, 2);
  const options = new Uint8Array(Int32Array.of(1, 2, 2).buffer);
  const output = await run(
    {
      tensors: [
        { name: 'x', shape: [1, 5, 4, 3] },
        { name: 'w', shape: [2, 4, 4, 3], data: weights },
        { name: 'b', shape: [2], data: bias },
        { name: 'y', shape: [1, expected.height, expected.width, 2] },
      ],
      inputs: [0],
      outputs: [3],
      operators: [{ custom: 'Convolution2DTransposeBias', inputs: [0, 1, 2], outputs: [3], customOptions: options }],
    },
    input,
  );
  assertClose(output, expected);
});

test('AVERAGE_POOL_2D with SAME padding averages in-bounds pixels only', async () => {
  const input = image(5, 6, 2, 6);
  const output = await run(
    {
      tensors: [{ name: 'x', shape: [1, 5, 6, 2] }, { name: 'y', shape: [1, 3, 3, 2] }],
      inputs: [0],
      outputs: [1],
      operators: [{ builtin: OP.AVERAGE_POOL_2D, inputs: [0], outputs: [1], options: { 0: SAME, 1: 2, 2: 2, 3: 3, 4: 3 } }],
    },
    input,
  );
  assertClose(output, ref.averagePool(input, 3, 2));
});

for (const halfPixel of [false, true]) {
  test(`RESIZE_BILINEAR 3x4 -> 5x7 with half_pixel_centers=${halfPixel}`, async () => {
    const input = image(3, 4, 2, 7);
    const output = await run(
      {
        tensors: [{ name: 'x', shape: [1, 3, 4, 2] }, { name: 'size', shape: [2], type: 2, data: Int32Array.of(5, 7) }, { name: 'y', shape: [1, 5, 7, 2] }],
        inputs: [0],
        outputs: [2],
        operators: [{ builtin: OP.RESIZE_BILINEAR, inputs: [0, 1], outputs: [2], options: halfPixel ? { 3: { byte: 1 } } : {} }],
      },
      input,
    );
    assertClose(output, ref.resizeBilinear(input, 5, 7, halfPixel));
  });
}

test('MEAN over H and W, MUL by the result, ADD of a per-channel constant, HARD_SWISH', async () => {
  const input = image(4, 5, 3, 8);
  const shift = Float32Array.of(1, -2, 0.5);
  const means = [0, 1, 2].map((c) => input.data.filter((_, i) => i % 3 === c).reduce((a, b) => a + b, 0) / 20);
  const expected = { ...input, data: input.data.map((v, i) => {
    const z = v * means[i % 3] + shift[i % 3];
    return (z * Math.min(6, Math.max(0, z + 3))) / 6;
  }) };
  const output = await run(
    {
      tensors: [
        { name: 'x', shape: [1, 4, 5, 3] },
        { name: 'axes', shape: [2], type: 2, data: Int32Array.of(1, 2) },
        { name: 'mean', shape: [1, 1, 1, 3] },
        { name: 'scaled', shape: [1, 4, 5, 3] },
        { name: 'shift', shape: [3], data: shift },
        { name: 'shifted', shape: [1, 4, 5, 3] },
        { name: 'y', shape: [1, 4, 5, 3] },
      ],
      inputs: [0],
      outputs: [6],
      operators: [
        { builtin: OP.MEAN, inputs: [0, 1], outputs: [2], options: { 0: { byte: 1 } } },
        { builtin: OP.MUL, inputs: [0, 2], outputs: [3] },
        { builtin: OP.ADD, inputs: [3, 4], outputs: [5] },
        { builtin: OP.HARD_SWISH, inputs: [5], outputs: [6] },
      ],
    },
    input,
  );
  assertClose(output, expected);
});

function half(bits: number): number {
  const view = new DataView(new ArrayBuffer(4));
  const sign = bits >> 15;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return (sign ? -1 : 1) * fraction * 2 ** -24;
  view.setUint32(0, (sign << 31) | ((exponent - 15 + 127) << 23) | (fraction << 13));
  return view.getFloat32(0);
}
