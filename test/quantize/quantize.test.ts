import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { SemsegError } from '../../src/core/errors.js';
import type { RuntimeTensor } from '../../src/core/types.js';
import { readModelCard } from '../../src/models/read-card.js';
import { readOnnxModel } from '../../src/models/onnx/reader.js';
import { writeOnnxModel } from '../../src/models/onnx/writer.js';
import { splitHardSwish } from '../../src/quantize/hardswish.js';
import { floatValues } from '../../src/models/onnx/tensor-data.js';
import { preprocessForCard } from '../../src/quantize/calibrate.js';
import { constantValues, floatConstants } from '../../src/quantize/constants.js';
import { quantizeModel, type QuantizeOptions } from '../../src/quantize/quantize.js';
import { quantizeWeight } from '../../src/quantize/weights.js';
import { openDirectSession } from '../../src/runtime/direct-session.js';
import { repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'semseg-quantize-'));
after(() => rmSync(work, { recursive: true, force: true }));
const samples = ['camvid-0001TP_008550.png', 'camvid-Seq05VD_f02370.png', 'grace_hopper.jpg'].map((f) => join(repoRoot, 'samples', f));
const modelFile = (name: string) => new Uint8Array(readFileSync(join(repoRoot, 'models', name, 'model.onnx')));
const cardOf = (name: string) => readModelCard(join(repoRoot, 'models', name, 'card.json'));
const options = (extra: Partial<QuantizeOptions> = {}): QuantizeOptions => ({
  precision: 'int8', method: 'minmax', percentile: 99.99, perChannel: false, images: samples, sourceLabel: 'test', toolVersion: 'test', ...extra,
});

function argmax(t: RuntimeTensor): Uint8Array {
  const [, c, h, w] = t.dims;
  const data = t.data as Float32Array;
  const plane = h * w;
  const out = new Uint8Array(plane);
  for (let i = 0; i < plane; i++) {
    let best = 0;
    for (let k = 1; k < c; k++) if (data[k * plane + i] > data[best * plane + i]) best = k;
    out[i] = best;
  }
  return out;
}

async function outputsOf(onnx: Uint8Array, inputs: RuntimeTensor[], input: string, output: string): Promise<RuntimeTensor[]> {
  const session = await openDirectSession(onnx, 1);
  try {
    const results: RuntimeTensor[] = [];
    for (const x of inputs) results.push((await session.run({ [input]: x }, [output]))[output]);
    return results;
  } finally {
    await session.dispose();
  }
}

test('int8 street (QDQ, per-channel) loads in onnxruntime and agrees with float on >= 97 % of sample pixels', async () => {
  const card = await cardOf('street');
  const { onnx, record } = await quantizeModel(modelFile('street'), card, options({ perChannel: true }));
  assert.equal(record.calibration?.count, 3);
  assert.equal(record.perChannel, true);
  assert.ok(onnx.byteLength < modelFile('street').byteLength * 0.6, `int8 model of ${onnx.byteLength} bytes`);
  const ops = new Set(readOnnxModel(onnx).graph.nodes.map((n) => n.opType));
  assert.ok(ops.has('QuantizeLinear') && ops.has('DequantizeLinear'));
  const inputs = await Promise.all(samples.slice(0, 2).map((p) => preprocessForCard(p, card)));
  const float = await outputsOf(modelFile('street'), inputs, 'input', 'logits');
  const int8 = await outputsOf(onnx, inputs, 'input', 'logits');
  for (let i = 0; i < inputs.length; i++) {
    const a = argmax(float[i]);
    const b = argmax(int8[i]);
    let same = 0;
    for (let p = 0; p < a.length; p++) same += a[p] === b[p] ? 1 : 0;
    assert.ok(same / a.length >= 0.97, `image ${i}: ${((100 * same) / a.length).toFixed(2)} % of labels agree`);
  }
});

test('per-channel weight scales are max|w| / 127 of each output channel', async () => {
  const card = await cardOf('membrane');
  const source = readOnnxModel(modelFile('membrane'));
  const conv = source.graph.nodes.find((n) => n.opType === 'Conv')!;
  const weight = floatValues(source.graph.initializers.find((t) => t.name === conv.inputs[1])!);
  const dims = source.graph.initializers.find((t) => t.name === conv.inputs[1])!.dims;
  const perChannel = weight.length / dims[0];
  const expected = Array.from({ length: dims[0] }, (_, c) => Math.max(...weight.subarray(c * perChannel, (c + 1) * perChannel).map(Math.abs)) / 127);
  // Weight scales do not depend on calibration: one image is enough.
  const { onnx } = await quantizeModel(modelFile('membrane'), card, options({ perChannel: true, images: [samples[2]] }));
  const quantized = readOnnxModel(onnx).graph;
  const scale = quantized.initializers.find((t) => t.name === `${conv.inputs[1]}_scale`)!;
  assert.deepEqual(scale.dims, [dims[0]]);
  const scales = floatValues(scale);
  expected.forEach((e, c) => assert.ok(Math.abs(scales[c] - e) <= e * 1e-6, `channel ${c}: ${scales[c]} vs ${e}`));
});

test('quantizeWeight: per tensor one scale, per channel one per slice; values round into -127..127', () => {
  const w = Float32Array.of(1, -2, 0.5, 0.25);
  const tensor = quantizeWeight(w, [2, 2], 0, false);
  assert.deepEqual([...tensor.scales], [Math.fround(2 / 127)]);
  assert.deepEqual([...tensor.values], [64, -127, 32, 16]);
  const channel = quantizeWeight(w, [2, 2], 0, true);
  assert.deepEqual([...channel.scales], [Math.fround(2 / 127), Math.fround(0.5 / 127)]);
  assert.deepEqual([...channel.values], [64, -127, 127, 64]);
});

test('fp16 person halves the file and gives outputs within 1e-2 of float32', async () => {
  const card = await cardOf('person');
  const { onnx, record } = await quantizeModel(modelFile('person'), card, options({ precision: 'fp16', images: [] }));
  assert.equal(record.precision, 'fp16');
  assert.ok(onnx.byteLength < modelFile('person').byteLength * 0.6, `fp16 model of ${onnx.byteLength} bytes`);
  const source = readOnnxModel(onnx);
  const constants = floatConstants(source.graph);
  assert.ok([...constants.values()].some((c) => c.cast !== undefined && constantValues(c).length > 0));
  const inputs = [await preprocessForCard(samples[2], card)];
  const output = card.output.name ?? readOnnxModel(modelFile('person')).graph.outputs[0].name;
  const [a] = await outputsOf(modelFile('person'), inputs, card.input.name ?? 'input', output);
  const [b] = await outputsOf(onnx, inputs, card.input.name ?? 'input', output);
  let worst = 0;
  for (let i = 0; i < a.data.length; i++) worst = Math.max(worst, Math.abs((a.data[i] as number) - (b.data[i] as number)));
  assert.ok(worst < 1e-2, `largest difference ${worst}`);
});

test('no calibration images, a non-ONNX model and a model without weighted ops fail with their codes', async () => {
  const street = await cardOf('street');
  await assert.rejects(quantizeModel(modelFile('street'), street, options({ images: [] })), (e: unknown) => e instanceof SemsegError && e.code === 'INVALID_ARGUMENT');
  await assert.rejects(quantizeModel(new TextEncoder().encode('not a model'), street, options()), (e: unknown) => e instanceof SemsegError && e.code === 'MODEL_LOAD_FAILED');
  const ndvi = await cardOf('ndvi');
  await assert.rejects(quantizeModel(modelFile('ndvi'), ndvi, options()), (e: unknown) => e instanceof SemsegError && (e.code === 'UNSUPPORTED_OPERATOR' || e.code === 'MODEL_MISMATCH'));
});

test('the CLI names the problem: an empty calibration folder, a bad ONNX file', async () => {
  const empty = mkdtempSync(join(work, 'empty-'));
  const noImages = await runCli(['models', 'quantize', 'street', '--calibration', empty, '-o', join(work, 'out')]);
  assert.equal(noImages.code, 2);
  assert.match(noImages.stderr, /INVALID_ARGUMENT/);
  const bad = join(work, 'bad.onnx');
  writeFileSync(bad, 'not a model');
  writeFileSync(join(work, 'card.json'), readFileSync(join(repoRoot, 'models', 'street', 'card.json')));
  const notOnnx = await runCli(['models', 'quantize', bad, '--calibration', samples[0], '-o', join(work, 'out2')]);
  assert.notEqual(notOnnx.code, 0);
  assert.match(notOnnx.stderr, /MODEL_LOAD_FAILED/);
});

test('HardSwish written out as HardSigmoid * x gives the float model its outputs back', async () => {
  const card = await cardOf('street');
  const split = writeOnnxModel(splitHardSwish(readOnnxModel(modelFile('street'))));
  assert.ok(!readOnnxModel(split).graph.nodes.some((n) => n.opType === 'HardSwish'));
  const inputs = [await preprocessForCard(samples[0], card)];
  const [a] = await outputsOf(modelFile('street'), inputs, 'input', 'logits');
  const [b] = await outputsOf(split, inputs, 'input', 'logits');
  let worst = 0;
  for (let i = 0; i < a.data.length; i++) worst = Math.max(worst, Math.abs((a.data[i] as number) - (b.data[i] as number)));
  assert.ok(worst < 1e-3, `largest logit difference ${worst}`);
});
