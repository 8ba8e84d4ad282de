import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { parseModelCard } from '../../src/models/card.js';
import { importTflite } from '../../src/models/tflite/import.js';

const packageDir = dirname(createRequire(import.meta.url).resolve('@mediapipe/selfie_segmentation/package.json'));

const models = [
  { file: 'selfie_segmentation.tflite', height: 256, width: 256, pool: 'AVERAGE_POOL_2D' },
  { file: 'selfie_segmentation_landscape.tflite', height: 144, width: 256, pool: 'MEAN' },
];

for (const model of models) {
  test(`imports ${model.file} and runs it in onnxruntime`, async () => {
    const { onnx, card, report } = importTflite(new Uint8Array(readFileSync(join(packageDir, model.file))));
    const { height, width } = model;
    assert.deepEqual(report.input, { name: 'input', dims: [1, 3, height, width] });
    assert.deepEqual(report.output, { name: 'output', dims: [1, 1, height, width] });
    assert.equal(report.operators.Convolution2DTransposeBias, 1);
    assert.ok(report.operators[model.pool] > 0);

    const parsed = parseModelCard(card);
    assert.deepEqual(parsed.input.size, { mode: 'fixed', width, height });
    assert.equal(parsed.input.layout, 'NCHW');
    assert.equal(parsed.output.kind, 'probabilities');
    assert.equal(parsed.classes.length, 2);

    const session = await ort.InferenceSession.create(onnx);
    const pixels = new Float32Array(3 * height * width);
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) {
        // A bright disc on a dark gradient: enough structure for the network to respond to.
        const inside = (y - height / 2) ** 2 + (x - width / 2) ** 2 < (height / 3) ** 2;
        for (let c = 0; c < 3; c += 1) pixels[(c * height + y) * width + x] = inside ? 0.8 - 0.1 * c : (x / width) * 0.3;
      }
    }
    const output = (await session.run({ input: new ort.Tensor('float32', pixels, [1, 3, height, width]) })).output;
    await session.release();
    assert.deepEqual(output.dims, [1, 1, height, width]);
    const values = output.data as Float32Array;
    let min = Infinity;
    let max = -Infinity;
    for (const v of values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assert.ok(min >= 0 && max <= 1, `probabilities in [0, 1], found [${min}, ${max}]`);
    assert.ok(max > min, 'output is not constant');
  });
}

test('card overrides replace the derived fields and are validated', () => {
  const bytes = new Uint8Array(readFileSync(join(packageDir, models[0].file)));
  const { card } = importTflite(bytes, { card: { name: 'custom', input: { colorOrder: 'BGR' } } });
  assert.equal(card.name, 'custom');
  assert.equal(card.input?.colorOrder, 'BGR');
  assert.equal(card.input?.resize, 'stretch');
  assert.throws(() => importTflite(bytes, { card: { classes: [] } }), { code: 'INVALID_MODEL_CARD' });
});

test('rejects bytes that are not a TFLite flatbuffer', () => {
  assert.throws(() => importTflite(new Uint8Array(64)), { code: 'INVALID_ARGUMENT', message: /TFL3/ });
  assert.throws(() => importTflite('model.tflite' as unknown as Uint8Array), { code: 'INVALID_ARGUMENT', message: /Expected a Uint8Array for bytes/ });
});
