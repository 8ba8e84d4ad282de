import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { convertPersonModel } from '../../src/models/person.js';
import { readModelCard } from '../../src/models/read-card.js';
import { findEmbeddedModel } from '../../src/models/registry.js';
import { repoRoot } from '../helpers/paths.js';

const folder = join(repoRoot, 'models', 'person');

test('the committed person model equals a fresh conversion of the MediaPipe TFLite file (else: npm run models:person)', async () => {
  const fresh = await convertPersonModel();
  const committed = new Uint8Array(await readFile(join(folder, 'model.onnx')));
  assert.equal(committed.length, fresh.onnx.length, 'model.onnx size differs from a fresh conversion: run npm run models:person');
  assert.ok(Buffer.from(committed).equals(Buffer.from(fresh.onnx)), 'model.onnx differs from a fresh conversion: run npm run models:person');
  assert.equal(await readFile(join(folder, 'card.json'), 'utf8'), fresh.cardJson);
});

test('the embedded person model is located in the package, with its card', async () => {
  const paths = await findEmbeddedModel('person')!.locate();
  assert.deepEqual(paths, { onnxPath: join(folder, 'model.onnx'), cardPath: join(folder, 'card.json') });
  const card = await readModelCard(paths.cardPath);
  assert.equal(card.name, 'person');
  assert.deepEqual(card.classes.map((c) => c.name), ['background', 'person']);
  assert.deepEqual(card.input.size, { mode: 'fixed', width: 256, height: 256 });
  assert.equal(card.license, 'Apache-2.0');
  assert.match(card.provenance.source ?? '', /@mediapipe\/selfie_segmentation@.*selfie_segmentation\.tflite/);
});
