/** segment() on inputs beyond 8-bit RGB, with a real model: bands, 16-bit ranges, float checks, meta pass-through. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel } from '../../src/models/load.js';
import { segment } from '../../src/inference/segment.js';
import type { RasterImage } from '../../src/core/types.js';
import { fixtureModel, inferenceFixtures, randomImage } from './helpers.js';

async function pointwiseWith(input: object) {
  const card = JSON.parse(await readFile(join(inferenceFixtures, 'pointwise.card.json'), 'utf8'));
  const dir = await mkdtemp(join(tmpdir(), 'semseg-inputs-'));
  const cardPath = join(dir, 'card.json');
  await writeFile(cardPath, JSON.stringify({ ...card, input: { ...card.input, ...input } }));
  return loadModel(join(inferenceFixtures, 'pointwise.onnx'), { card: cardPath, workers: 1, threadsPerWorker: 1 });
}

test('segment() carries the image meta into the label map, whole and sliding', async (t) => {
  const model = await fixtureModel('pointwise');
  t.after(() => model.dispose());
  const meta = { source: 'tile-7.tif', affine: [500000, 10, 0, 4600000, 0, -10], crs: 'EPSG:32633', frameIndex: 3 };
  const image = { ...randomImage(40, 30), meta };
  assert.deepEqual((await segment(model, image)).meta, meta);
  assert.deepEqual((await segment(model, image, { mode: 'slide', crop: { width: 16, height: 16 }, stride: { width: 8, height: 8 } })).meta, meta);
  assert.equal('meta' in (await segment(model, randomImage(8, 8))), false);
});

test('a 4-band image with bands [2, 1, 0] segments like the 3-band image in that order', async (t) => {
  const plain = await fixtureModel('pointwise');
  const picked = await pointwiseWith({ bands: [2, 1, 0] });
  t.after(() => Promise.all([plain.dispose(), picked.dispose()]));
  const rgb = randomImage(24, 16, 5);
  const four = new Uint8Array(24 * 16 * 4);
  const reversed = new Uint8Array(24 * 16 * 3);
  for (let p = 0; p < 24 * 16; p++) {
    four.set([rgb.data[p * 3], rgb.data[p * 3 + 1], rgb.data[p * 3 + 2], 255 - rgb.data[p * 3]], p * 4);
    reversed.set([rgb.data[p * 3 + 2], rgb.data[p * 3 + 1], rgb.data[p * 3]], p * 3);
  }
  const expected = await segment(plain, { ...rgb, data: reversed });
  const actual = await segment(picked, { data: four, width: 24, height: 16, channels: 4 });
  assert.deepEqual(actual.labels, expected.labels);
});

test('a uint16 image with a full 16-bit range segments like its 8-bit version', async (t) => {
  const plain = await fixtureModel('pointwise');
  const sixteen = await pointwiseWith({ range: { min: 0, max: 65535 } });
  t.after(() => Promise.all([plain.dispose(), sixteen.dispose()]));
  const rgb = randomImage(20, 12, 9);
  const wide: RasterImage = { data: Uint16Array.from(rgb.data, (v) => v * 257), width: 20, height: 12, channels: 3 };
  const a = await segment(plain, rgb);
  const b = await segment(sixteen, wide);
  assert.deepEqual(b.labels, a.labels);
  await assert.rejects(segment(plain, wide), (e: Error & { code?: string }) => e.code === 'INVALID_ARGUMENT' && /input\.range/.test(e.message));
});

test('a float image with NaN is refused by segment() with a clear message', async (t) => {
  const model = await fixtureModel('pointwise');
  t.after(() => model.dispose());
  const data = new Float32Array(4 * 4 * 3).fill(100);
  data[17] = Number.NaN;
  await assert.rejects(segment(model, { data, width: 4, height: 4, channels: 3 }), /Expected float samples in 0\.\.255 .* for image\.data\[17\] but received NaN/);
});
