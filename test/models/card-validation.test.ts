/** Cards are refused when they are read, not per image: sections, channels, normalisation bounds, window sizes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { reconcileCard } from '../../src/models/reconcile.js';
import { parseModelCard } from '../../src/models/card.js';
import { checkInferenceOptions, resolveInference } from '../../src/inference/options.js';
import type { ModelMetadata } from '../../src/runtime/types.js';
import { streetCard } from '../helpers/models.js';

const raw = JSON.parse(readFileSync(streetCard, 'utf8'));
const dynamic: ModelMetadata = {
  inputs: [{ name: 'input', type: 'float32', shape: [1, 3, 'height', 'width'] }],
  outputs: [{ name: 'logits', type: 'float32', shape: [1, 11, 'height', 'width'] }],
};
const withInput = (input: Record<string, unknown>) => ({ ...raw, input: { ...raw.input, ...input } });
const withInference = (inference: Record<string, unknown>) => ({ ...raw, inference });
const rejects = (card: unknown, field: RegExp) =>
  assert.throws(() => parseModelCard(card, 'c.json'), (e: Error & { code?: string }) => e.code === 'INVALID_MODEL_CARD' && field.test(e.message), `expected ${field}`);

test('a string where the input object belongs ("input": "NCHW") is refused when the card is read', () => {
  assert.throws(() => reconcileCard({ ...raw, input: 'NCHW' }, dynamic, 'c.json'), (e: Error & { code?: string }) =>
    e.code === 'INVALID_MODEL_CARD' && /Expected an object .* for input in c\.json but received "NCHW"/.test(e.message),
  );
  assert.throws(() => reconcileCard({ ...raw, output: ['logits'] }, dynamic, 'c.json'), /for output in c\.json/);
  assert.throws(() => reconcileCard('not a card', dynamic, 'c.json'), /Expected a JSON object for the model card in c\.json/);
});

test('mean and std must be finite, std positive, both within the documented bounds', () => {
  rejects(withInput({ mean: [1e308, 0, 0] }), /input\.mean\.0/);
  rejects(withInput({ std: [1e-300, 1, 1] }), /input\.std\.0/);
  rejects(withInput({ std: [0, 1, 1] }), /input\.std\.0/);
  rejects(withInput({ std: [1e5, 1, 1] }), /input\.std\.0/);
  rejects(withInput({ valueScale: 1e308 }), /input\.valueScale/);
  rejects(withInput({ valueScale: 0 }), /input\.valueScale/);
  rejects(withInput({ padValue: 1000 }), /input\.padValue/);
  // Real statistics in either unit pass: 0..1 (torchvision) and 0..255 (MMSegmentation, valueScale 1).
  parseModelCard(withInput({ valueScale: 1, mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375] }));
});

test('mean and std lengths are checked against input.channels when the card is parsed', () => {
  rejects(withInput({ channels: 4, mean: [0.5, 0.5, 0.5], std: [0.2] }), /input\.mean: expected 1 or 4 values \(input\.channels 4\) but received 3/);
  rejects(withInput({ channels: 1, std: [0.2, 0.2, 0.2], mean: [0.5] }), /input\.std: expected 1 value \(input\.channels 1\) but received 3/);
  const grey = parseModelCard(withInput({ channels: 1, mean: undefined, std: undefined }));
  assert.deepEqual([grey.input.mean, grey.input.std], [[0], [1]]);
  const four = parseModelCard(withInput({ channels: 4, mean: [0.5], std: [0.25, 0.25, 0.25, 0.5] }));
  assert.equal(four.input.channels, 4);
});

test('bands name one source band per model channel and set the order themselves', () => {
  rejects(withInput({ bands: [3, 2] }), /input\.bands: expected 3 band indices/);
  rejects(withInput({ bands: [2, 1, 0], colorOrder: 'BGR' }), /input\.colorOrder/);
  rejects(withInput({ bands: [-1, 0, 1] }), /input\.bands\.0/);
  rejects(withInput({ channels: 4, colorOrder: 'BGR', mean: [0], std: [1] }), /input\.colorOrder/);
  assert.deepEqual(parseModelCard(withInput({ bands: [3, 2, 1] })).input.bands, [3, 2, 1]);
});

test('a value range needs max above min', () => {
  rejects(withInput({ range: { min: 100, max: 100 } }), /input\.range/);
  rejects(withInput({ range: { min: 0 } }), /input\.range\.max/);
  assert.deepEqual(parseModelCard(withInput({ range: { min: 0, max: 4095 } })).input.range, { min: 0, max: 4095 });
});

test('the default street card keeps its values', () => {
  const card = parseModelCard(raw);
  assert.deepEqual([card.input.channels, card.input.mean, card.input.std, card.input.bands, card.input.range], [3, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225], undefined, undefined]);
});

test('card windows: a 1x1 crop with stride 1, a 10 px crop, a crop off the size multiple and a tiny stride are refused', () => {
  rejects(withInference({ crop: { width: 1, height: 1 }, stride: { width: 1, height: 1 } }), /inference\.crop: expected windows of at least 16x16 pixels but received 1x1/);
  rejects(withInference({ crop: { width: 10, height: 10 } }), /inference\.crop/);
  const multipleOf32 = withInput({ size: { mode: 'dynamic', multipleOf: 32 } });
  rejects({ ...multipleOf32, inference: { crop: { width: 500, height: 512 } } }, /inference\.crop: expected window sides that are multiples of 32/);
  rejects(withInference({ crop: { width: 512, height: 512 }, stride: { width: 64, height: 512 } }), /inference\.stride: expected a stride of at least a quarter of the crop 512x512, 128x128/);
  rejects(withInference({ crop: { width: 512, height: 512 }, stride: { width: 600, height: 512 } }), /inference\.stride: expected a stride no larger than the crop/);
  parseModelCard(withInference({ crop: { width: 512, height: 512 }, stride: { width: 128, height: 341 } }));
});

test('window options are checked against the model: minimum size, size multiple, stride of at least a quarter', () => {
  const card = parseModelCard({ ...withInput({ size: { mode: 'dynamic', multipleOf: 8 } }), inference: {} });
  const resolve = (options: object) => () => resolveInference(card, 1000, 1000, options);
  const invalid = (pattern: RegExp) => (e: Error & { code?: string }) => e.code === 'INVALID_ARGUMENT' && pattern.test(e.message);
  assert.throws(resolve({ crop: { width: 10, height: 10 } }), invalid(/Expected windows of at least 16x16 pixels for crop but received "10x10"/));
  assert.throws(resolve({ crop: { width: 1, height: 1 }, stride: { width: 1, height: 1 } }), invalid(/for crop/));
  assert.throws(resolve({ crop: { width: 100, height: 96 } }), invalid(/multiples of 8 .* for crop but received "100x96"/));
  assert.throws(resolve({ crop: { width: 256, height: 256 }, stride: { width: 32, height: 256 } }), invalid(/quarter of the crop 256x256.* for stride but received "32x256"/));
  const plan = resolveInference(card, 1000, 1000, { mode: 'slide', crop: { width: 256, height: 192 }, stride: { width: 64, height: 48 } });
  assert.deepEqual([plan.crop, plan.stride], [{ width: 256, height: 192 }, { width: 64, height: 48 }]);
});

test('window options can be checked once per model, before any image', () => {
  const card = parseModelCard(raw);
  assert.throws(() => checkInferenceOptions(card, { crop: { width: 10, height: 10 } }), /for crop but received "10x10"/);
  assert.throws(() => checkInferenceOptions(card, { crop: { width: 512, height: 512 }, stride: { width: 100, height: 100 } }), /for stride/);
  checkInferenceOptions(card, { mode: 'slide', crop: { width: 512, height: 384 } });
});

test('a mean of 1e-300 (a typo for 0) is refused; 0 and ordinary means pass', () => {
  rejects(withInput({ mean: [1e-300, 0, 0] }), /input\.mean\.0: expected 0 or a magnitude of at least 0.000001/);
  assert.doesNotThrow(() => parseModelCard(withInput({ mean: [0, 0.456, -0.5] }), 'c.json'));
});

test('a card with thousands of bad classes gets one bounded message', () => {
  const classes = Array.from({ length: 70_000 }, (_, id) => ({ id, name: `class-${id}` }));
  assert.throws(
    () => parseModelCard({ ...raw, classes }, 'c.json'),
    (e: Error) => e.message.length < 500 && /; and \d+ more problems$/.test(e.message),
  );
});
