import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDataset, parseDatasetSpec } from '../../src/datasets/index.js';
import { makeTempDir } from './build-fixtures.js';

test('specs are <kind>:<path>; the path may hold colons', () => {
  assert.deepEqual(parseDatasetSpec('camvid:../shared/data/camvid'), { kind: 'camvid', path: '../shared/data/camvid' });
  assert.deepEqual(parseDatasetSpec('folder:C:\\data\\set'), { kind: 'folder', path: 'C:\\data\\set' });
  for (const bad of ['camvid', 'kitti:/data', 'voc:', '/data/voc']) {
    assert.throws(() => parseDatasetSpec(bad), (e: Error & { code?: string }) => e.code === 'INVALID_ARGUMENT' && /Expected <kind>:<path> with kind one of camvid, cityscapes, voc, ade20k, folder for dataset/.test(e.message));
  }
});

test('options are validated once, and options a kind does not use are refused', async (t) => {
  const root = await makeTempDir(t);
  await assert.rejects(openDataset(`camvid:${root}`, { ignoreIndex: 3 }), /Expected only split for a camvid dataset for dataset options but received "ignoreIndex"/);
  await assert.rejects(openDataset(`folder:${root}`, { split: 'val' }), /only images, labels, pattern, classes, ignoreIndex, labelEncoding for a folder dataset.*"split"/);
  await assert.rejects(openDataset(`folder:${root}`, { labelEncoding: 'rgb' as 'ids' }), /a valid value .* for dataset option labelEncoding but received "rgb"/);
  await assert.rejects(openDataset(`folder:${root}`, { ignoreIndex: -1 }), /dataset option ignoreIndex but received -1/);
  await assert.rejects(openDataset(`voc:${root}`, { colour: 1 } as object), /options among split, .* for dataset but received "colour"/);
});

test('a missing dataset folder is DATASET_INVALID for every kind', async (t) => {
  const missing = `${await makeTempDir(t)}/absent`;
  for (const kind of ['camvid', 'cityscapes', 'voc', 'ade20k', 'folder']) {
    await assert.rejects(openDataset(`${kind}:${missing}`), (e: Error & { code?: string }) => e.code === 'DATASET_INVALID' && /absent" \(missing\)/.test(e.message));
  }
});
