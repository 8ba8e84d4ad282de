import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { reconcileCard } from '../../src/models/reconcile.js';
import { parseModelCard } from '../../src/models/card.js';
import type { ModelMetadata } from '../../src/runtime/types.js';
import { streetCard } from '../helpers/models.js';
import { planInput } from '../../src/preprocess/plan.js';
import { scoresToLabels } from '../../src/postprocess/scores-to-labels.js';

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

test('a class count that contradicts a static class dimension is a MODEL_MISMATCH when the model loads', () => {
  const five = { ...raw, classes: raw.classes.slice(0, 5) };
  assert.throws(() => reconcileCard(five, dynamic, 'c.json'), (e: Error & { code?: string }) => e.code === 'MODEL_MISMATCH' && /Expected the number of classes .*"11 score channels".* says 5/.test(e.message));
  const nhwc: ModelMetadata = { ...dynamic, outputs: [{ name: 'logits', type: 'float32', shape: [1, 'height', 'width', 11] }] };
  assert.throws(() => reconcileCard({ ...five, output: { layout: 'NHWC' } }, nhwc, 'c.json'), isCode('MODEL_MISMATCH'));
});

test('with a dynamic class dimension the card is accepted and the first run that contradicts it is a MODEL_MISMATCH', () => {
  const open: ModelMetadata = { ...dynamic, outputs: [{ name: 'logits', type: 'float32', shape: [1, 'classes', 'height', 'width'] }] };
  const card = reconcileCard({ ...raw, classes: raw.classes.slice(0, 5) }, open, 'c.json');
  const plan = planInput(4, 2, card.input);
  const eleven = { type: 'float32' as const, data: new Float32Array(11 * 8), dims: [1, 11, 2, 4] };
  assert.throws(() => scoresToLabels(eleven, plan, card.output, card.classes), isCode('MODEL_MISMATCH'));
  const five = { type: 'float32' as const, data: new Float32Array(5 * 8), dims: [1, 5, 2, 4] };
  assert.equal(scoresToLabels(five, plan, card.output, card.classes).labels.length, 8);
});
