import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { decode } from 'fast-png';
import { loadModel } from '../../src/models/load.js';
import { predict } from '../../src/pipeline/predict.js';
import { repoRoot } from '../helpers/paths.js';
import { fixtureModel, randomImage } from '../inference/helpers.js';

const sample = join(repoRoot, 'samples', 'camvid-0001TP_008550.png');

test('predict returns the label map and every requested output as bytes with its media type', async () => {
  const model = await loadModel('street', { workers: 1 });
  try {
    const bytes = new Uint8Array(await readFile(sample));
    const result = await predict(model, bytes, { outputs: ['labels', 'color', 'overlay', 'json', 'confidence'], source: 'frame.png' });
    assert.deepEqual(result.outputs.map((o) => [o.name, o.mime, o.extension]), [
      ['labels', 'image/png', '.labels.png'],
      ['color', 'image/png', '.color.png'],
      ['overlay', 'image/jpeg', '.overlay.jpg'],
      ['json', 'application/json', '.json'],
      ['confidence', 'image/png', '.confidence.png'],
    ]);
    for (const o of result.outputs) assert.ok(o.bytes instanceof Uint8Array && o.bytes.length > 0, o.name);
    const labels = decode(result.outputs[0].bytes);
    assert.deepEqual([labels.width, labels.height], [480, 360]);
    assert.deepEqual(Buffer.from(labels.data as Uint8Array), Buffer.from(result.map.labels));
    const json = JSON.parse(new TextDecoder().decode(result.outputs[3].bytes));
    assert.equal(json.source, 'frame.png');
    assert.deepEqual(json.model, { name: 'street', version: model.card.version });
    assert.equal(json.inference.mode, 'whole');
    assert.deepEqual(json.inference.tta, [{ scale: 1, flip: false }, { scale: 1, flip: true }], 'the card default flip TTA is recorded');
    assert.deepEqual(json.classes[3].color, model.card.classes[3].color);
    assert.equal(json.classes[3].name, 'road');
    const none = await predict(model, bytes, { outputs: [] });
    assert.deepEqual(none.outputs, []);
    assert.deepEqual(Buffer.from(none.map.labels), Buffer.from(result.map.labels));
  } finally {
    await model.dispose();
  }
});

test('a cancelled prediction rejects with CANCELLED, an expired one with TIMEOUT', async () => {
  const model = await fixtureModel('conv3');
  try {
    const image = randomImage(64, 48);
    const aborted = new AbortController();
    aborted.abort();
    await assert.rejects(predict(model, image, { signal: aborted.signal }), { code: 'CANCELLED' });
    const later = new AbortController();
    const pending = predict(model, randomImage(1024, 768), { signal: later.signal, mode: 'slide', crop: { width: 64, height: 64 }, stride: { width: 32, height: 32 } });
    later.abort();
    await assert.rejects(pending, { code: 'CANCELLED' });
    await assert.rejects(predict(model, randomImage(1024, 768), { timeoutMs: 1, mode: 'slide', crop: { width: 64, height: 64 }, stride: { width: 32, height: 32 } }), { code: 'TIMEOUT' });
    // The model still works afterwards.
    const ok = await predict(model, image, { outputs: ['labels'] });
    assert.equal(ok.map.width, 64);
  } finally {
    await model.dispose();
  }
});

test('options are validated before any work', async () => {
  const model = await fixtureModel('conv3');
  try {
    const image = randomImage(8, 8);
    await assert.rejects(predict(model, image, { opacity: 2 }), /Expected a number from 0 to 1 for opacity but received 2/);
    await assert.rejects(predict(model, image, { transparent: [99] }), /Expected class ids of model .* for transparent but received \[99\]/);
    await assert.rejects(predict(model, image, { outputs: ['labels', 'nope' as never] }), /for outputs/);
    await assert.rejects(predict(model, image, { timeoutMs: 0 }), /positive number of milliseconds for timeoutMs/);
  } finally {
    await model.dispose();
  }
});

test('the legend widens the overlay; transparent classes keep the photo unchanged', async () => {
  const model = await loadModel('street', { workers: 1 });
  try {
    const bytes = new Uint8Array(await readFile(sample));
    const plain = await predict(model, bytes, { outputs: ['overlay'] });
    const legend = await predict(model, bytes, { outputs: ['overlay'], legend: true });
    const a = await sharp(plain.outputs[0].bytes).metadata();
    const b = await sharp(legend.outputs[0].bytes).metadata();
    assert.equal(a.width, 480);
    assert.ok(b.width! > 480 && b.height === 360, `legend overlay ${b.width}x${b.height}`);
    // Opacity 1: painted pixels are exactly the class colour, transparent ones exactly the photo.
    const allIds = model.card.classes.map((c) => c.id);
    const clear = await predict(model, bytes, { outputs: ['overlay'], opacity: 1, transparent: allIds });
    const photo = await sharp(bytes).removeAlpha().raw().toBuffer();
    const shown = await sharp(clear.outputs[0].bytes).raw().toBuffer();
    let diff = 0;
    for (let i = 0; i < photo.length; i++) diff += Math.abs(photo[i] - shown[i]);
    assert.ok(diff / photo.length < 3, `every class transparent shows the photo (mean JPEG error ${diff / photo.length})`);
  } finally {
    await model.dispose();
  }
});

test('an image too tall for a JPEG overlay is refused before inference; without the overlay it runs', async () => {
  const model = await fixtureModel('conv3');
  try {
    const tall = { data: new Uint8Array(4 * 65535 * 3), width: 4, height: 65535, channels: 3 };
    let runs = 0;
    const counting = { ...model, backend: { ...model.backend, run: (...args: Parameters<typeof model.backend.run>) => (runs++, model.backend.run(...args)) } };
    await assert.rejects(predict(counting, tall, { outputs: ['overlay'] }), (e: Error & { code?: string }) => e.code === 'IMAGE_TOO_LARGE' && /65500 pixels per side for the JPEG overlay/.test(e.message));
    assert.equal(runs, 0, 'no model run for an output that cannot be written');
  } finally {
    await model.dispose();
  }
});
