import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readLabelImage } from '../../src/datasets/read-label-image.js';
import { makeTempDir, writeGreyPng, writePackedPng, writeRgbPng, writeText } from './build-fixtures.js';

const palette = [[200, 10, 10], [10, 200, 10], [10, 10, 200], [255, 255, 255]];

test('8-bit grey labels come back as their values, one channel', async (t) => {
  const path = join(await makeTempDir(t), 'grey.png');
  await writeGreyPng(path, 3, 2, [0, 1, 2, 11, 254, 255]);
  const raw = await readLabelImage(path, 'ids');
  assert.deepEqual({ w: raw.width, h: raw.height, c: raw.channels }, { w: 3, h: 2, c: 1 });
  assert.ok(raw.data instanceof Uint8Array);
  assert.deepEqual([...raw.data], [0, 1, 2, 11, 254, 255]);
});

test('1-, 2- and 4-bit grey labels keep their stored values (sharp would scale them)', async (t) => {
  const dir = await makeTempDir(t);
  for (const [depth, values] of [[1, [1, 0, 1]], [2, [3, 0, 2]], [4, [15, 7, 0]]] as const) {
    const path = join(dir, `g${depth}.png`);
    await writePackedPng(path, 3, 1, values, depth);
    assert.deepEqual([...(await readLabelImage(path, 'ids')).data], values, `depth ${depth}`);
  }
});

test('16-bit grey labels keep values above 255', async (t) => {
  const path = join(await makeTempDir(t), 'grey16.png');
  await writeGreyPng(path, 3, 1, new Uint16Array([0, 300, 65535]));
  const raw = await readLabelImage(path, 'ids');
  assert.ok(raw.data instanceof Uint16Array);
  assert.deepEqual([...raw.data], [0, 300, 65535]);
});

test('palette PNGs give palette indices, not colours, at every bit depth', async (t) => {
  const dir = await makeTempDir(t);
  const indices = [0, 1, 2, 3, 3, 2, 1, 0, 1, 1];
  for (const depth of [2, 4, 8] as const) {
    const path = join(dir, `p${depth}.png`);
    await writePackedPng(path, 5, 2, indices, depth, palette);
    const raw = await readLabelImage(path, 'ids');
    assert.equal(raw.channels, 1);
    assert.deepEqual([...raw.data], indices, `depth ${depth}`);
  }
  const path = join(dir, 'p1.png');
  await writePackedPng(path, 11, 1, [1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1], 1, palette);
  assert.deepEqual([...(await readLabelImage(path, 'ids')).data], [1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1]);
});

test('colour PNGs are refused as ids and read as RGB for colour-coded labels', async (t) => {
  const path = join(await makeTempDir(t), 'rgb.png');
  await writeRgbPng(path, 2, 1, [[1, 2, 3], [250, 0, 7]]);
  await assert.rejects(readLabelImage(path, 'ids'), (e: Error & { code?: string }) => e.code === 'DATASET_INVALID' && /single-channel grey or palette PNG.*rgb\.png.*3-channel/.test(e.message));
  const raw = await readLabelImage(path, 'colors');
  assert.equal(raw.channels, 3);
  assert.deepEqual([...raw.data], [1, 2, 3, 250, 0, 7]);
});

test('a palette PNG read as colours gives its palette colours', async (t) => {
  const path = join(await makeTempDir(t), 'p.png');
  await writePackedPng(path, 2, 1, [2, 0], 8, palette);
  assert.deepEqual([...(await readLabelImage(path, 'colors')).data], [10, 10, 200, 200, 10, 10]);
});

test('missing and undecodable files are DATASET_INVALID errors naming the file', async (t) => {
  const dir = await makeTempDir(t);
  await assert.rejects(readLabelImage(join(dir, 'none.png'), 'ids'), (e: Error & { code?: string }) => e.code === 'DATASET_INVALID' && /readable file for ground-truth label file ".*none\.png"/.test(e.message));
  await writeText(join(dir, 'bad.png'), 'not a png');
  await assert.rejects(readLabelImage(join(dir, 'bad.png'), 'ids'), /decodable label image for ground-truth label file ".*bad\.png"/);
});
