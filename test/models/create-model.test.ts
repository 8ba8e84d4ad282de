import assert from 'node:assert/strict';
import { test } from 'node:test';
import { segment } from '../../src/inference/segment.js';
import { createModel } from '../../src/models/create-model.js';
import { loadModel } from '../../src/models/load.js';
import type { InferenceBackend } from '../../src/runtime/types.js';
import { streetOnnx } from '../helpers/models.js';
import { createFakeBackend, fakeCard } from '../packaging/fake-backend.js';

test('createModel completes the card from the backend metadata and segments through that backend', async () => {
  const backend = createFakeBackend();
  const model = createModel({ card: fakeCard, backend });
  assert.equal(model.card.input.name, 'pixels');
  assert.equal(model.card.output.name, 'scores');
  assert.equal(model.modelPath, undefined);
  assert.equal(model.metadata, backend.metadata);
  const data = new Uint8Array([200, 0, 0, 20, 0, 0, 255, 255, 255, 0, 255, 255]);
  const map = await segment(model, { data, width: 2, height: 2, channels: 3 });
  assert.deepEqual(Array.from(map.labels), [1, 0, 1, 0]);
  assert.deepEqual(map.classes.map((c) => c.name), ['other', 'red']);
  await model.dispose();
  assert.equal(backend.disposed, true);
});

test('createModel reconciles against explicit metadata and names the card source in errors', () => {
  const backend = createFakeBackend();
  const metadata = { inputs: [{ name: 'image', type: 'float32', shape: [1, 3, 8, 8] }], outputs: backend.metadata.outputs };
  const { size: _dynamic, ...input } = fakeCard.input;
  const model = createModel({ card: { ...fakeCard, input }, metadata, backend });
  assert.equal(model.card.input.name, 'image');
  assert.deepEqual(model.card.input.size, { mode: 'fixed', width: 8, height: 8 });
  assert.throws(() => createModel({ card: { ...fakeCard, input: { ...fakeCard.input, name: 'rgb' } }, backend, source: 'https://example.org/card.json' }), {
    code: 'MODEL_MISMATCH',
    message: /input\.name.*https:\/\/example\.org\/card\.json/,
  });
  assert.throws(() => createModel({ card: { ...fakeCard, classes: 'two' }, backend, source: 'my-card' }), { code: 'INVALID_MODEL_CARD', message: /in my-card .*classes/ });
});

test('createModel rejects what is not a backend or has no metadata, with the parameter named', () => {
  assert.throws(() => createModel(undefined as never), { code: 'INVALID_ARGUMENT', message: /for options but received undefined/ });
  assert.throws(() => createModel({ card: fakeCard, backend: {} as InferenceBackend }), { code: 'INVALID_ARGUMENT', message: /for options\.backend/ });
  const backend = { ...createFakeBackend(), metadata: undefined } as unknown as InferenceBackend;
  assert.throws(() => createModel({ card: fakeCard, backend }), { code: 'INVALID_ARGUMENT', message: /for options\.metadata/ });
});

test('loadModel goes through createModel and keeps the ONNX path', async () => {
  const model = await loadModel(streetOnnx, { workers: 1 });
  try {
    assert.equal(model.modelPath, streetOnnx);
    assert.equal(model.card.name, 'street');
    assert.equal(model.card.input.name, model.metadata.inputs[0].name);
  } finally {
    await model.dispose();
  }
});
