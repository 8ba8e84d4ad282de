import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { reconcileCard } from '../../src/models/reconcile.js';
import { parseModelCard } from '../../src/models/card.js';
import type { ModelMetadata } from '../../src/runtime/types.js';
import { streetCard } from '../helpers/models.js';

const raw = JSON.parse(readFileSync(streetCard, 'utf8'));
const dynamic: ModelMetadata = {
  inputs: [{ name: 'input', type: 'float32', shape: [1, 3, 'height', 'width'] }],
  outputs: [{ name: 'logits', type: 'float32', shape: [1, 11, 'height', 'width'] }],
};
const isCode = (code: string) => (e: Error & { code?: string }) => e.code === code;

test('the street card agrees with its graph', () => {
  const card = reconcileCard(raw, dynamic, 'card.json');
  assert.equal(card.input.name, 'input');
  assert.equal(card.classes.length, 11);
});

test('names, fixed sizes and layout are filled from the graph when the card leaves them out', () => {
  const fixed: ModelMetadata = {
    inputs: [{ name: 'pixels', type: 'float32', shape: [1, 256, 256, 3] }],
    outputs: [{ name: 'mask', type: 'float32', shape: [1, 256, 256, 2] }],
  };
  const card = reconcileCard({ name: 'm', classes: [{ id: 0, name: 'a', color: [0, 0, 0] }, { id: 1, name: 'b', color: [1, 1, 1] }], output: { layout: 'NHWC' } }, fixed, 'x');
  assert.equal(card.input.name, 'pixels');
  assert.equal(card.output.name, 'mask');
  assert.equal(card.input.layout, 'NHWC');
  assert.deepEqual(card.input.size, { mode: 'fixed', width: 256, height: 256 });
  assert.equal(card.input.resize, 'stretch');
});

test('a card that contradicts the graph is rejected with both values', () => {
  assert.throws(() => reconcileCard({ ...raw, input: { ...raw.input, name: 'image' } }, dynamic, 'c.json'), isCode('MODEL_MISMATCH'));
  assert.throws(() => reconcileCard({ ...raw, classes: raw.classes.slice(0, 5) }, dynamic, 'c.json'), /number of classes.*"11 score channels".*5/);
  assert.throws(() => reconcileCard({ ...raw, input: { ...raw.input, channels: 1 } }, dynamic, 'c.json'), /input.channels/);
  const fixed: ModelMetadata = { ...dynamic, inputs: [{ name: 'input', type: 'float32', shape: [1, 3, 64, 64] }] };
  assert.throws(() => reconcileCard({ ...raw, input: { ...raw.input, size: { mode: 'fixed', width: 32, height: 64 }, resize: 'stretch' } }, fixed, 'c.json'), /input.size/);
});

test('invalid cards list every problem with its field', () => {
  assert.throws(() => parseModelCard({ name: '', classes: [{ id: 1, name: 'x', color: [0, 0, 300] }], input: { layout: 'CHW' } }, 'bad.json'), (e: Error & { code?: string }) =>
    e.code === 'INVALID_MODEL_CARD' && /name/.test(e.message) && /input\.layout/.test(e.message) && /classes\.0\.color/.test(e.message),
  );
});
