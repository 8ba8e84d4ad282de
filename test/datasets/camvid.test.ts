import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDataset } from '../../src/datasets/index.js';
import { camvidRoot, needsCamvid } from '../helpers/paths.js';
import { makeTempDir, writeGreyPng, writeImage, writeText } from './build-fixtures.js';

const isDatasetError = (pattern: RegExp) => (e: Error & { code?: string }) => e.code === 'DATASET_INVALID' && pattern.test(e.message);

/** Two test pairs: a (3x2, ids 0..10 and void 11) and b (3x2, holds the invalid value 12 twice). */
async function buildCamvid(root: string): Promise<void> {
  await writeText(join(root, 'test.txt'), 'test/a.png testannot/a.png\ntest/b.png testannot/b.png\n');
  await writeText(join(root, 'val.txt'), '');
  for (const id of ['a', 'b']) await writeImage(join(root, 'test', `${id}.png`), 3, 2);
  await writeGreyPng(join(root, 'testannot', 'a.png'), 3, 2, [0, 3, 10, 11, 5, 1]);
  await writeGreyPng(join(root, 'testannot', 'b.png'), 3, 2, [12, 3, 12, 11, 5, 1]);
}

test('camvid lists the split and reads ids 0..10 with 11 as the ignore index', async (t) => {
  const root = await makeTempDir(t);
  await buildCamvid(root);
  const dataset = await openDataset(`camvid:${root}`);
  assert.equal(dataset.split, 'test');
  assert.equal(dataset.classes.length, 11);
  assert.equal(dataset.ignoreIndex, 11);
  assert.deepEqual(dataset.samples.map((s) => s.id), ['a', 'b']);
  const labels = await dataset.readLabels(dataset.samples[0]);
  assert.deepEqual({ ...labels, labels: [...labels.labels] }, { labels: [0, 3, 10, 11, 5, 1], width: 3, height: 2 });
  await assert.rejects(dataset.readLabels(dataset.samples[1]), isDatasetError(/class ids 0\.\.10 or 11 \(ignore\) for ground-truth label file ".*testannot[\\/]b\.png" but received value 12 in 2 pixels/));
});

test('camvid names the available splits when the split list is missing', async (t) => {
  const root = await makeTempDir(t);
  await buildCamvid(root);
  await assert.rejects(openDataset(`camvid:${root}`, { split: 'train' }), isDatasetError(/split.*"train" \(no such file; available: test, val\)/));
  await assert.rejects(openDataset(`camvid:${root}`, { split: 'val' }), isDatasetError(/at least one image and label pair/));
});

test('camvid lists pairs whose label or image is missing', async (t) => {
  const root = await makeTempDir(t);
  await buildCamvid(root);
  await writeText(join(root, 'test.txt'), 'test/a.png testannot/a.png\ntest/c.png testannot/c.png\ntest/b.png testannot/x.png\n');
  await assert.rejects(
    openDataset(`camvid:${root}`),
    isDatasetError(/2 of 3 incomplete pairs: test[\\/]c\.png \(missing\) -> testannot[\\/]c\.png \(missing\), test[\\/]b\.png -> testannot[\\/]x\.png \(missing\)/),
  );
});

test('camvid accepts the absolute paths of the original SegNet lists', async (t) => {
  const root = await makeTempDir(t);
  await buildCamvid(root);
  await writeText(join(root, 'test.txt'), '/SegNet/CamVid/test/a.png /SegNet/CamVid/testannot/a.png\n');
  const dataset = await openDataset(`camvid:${root}`);
  assert.equal(dataset.samples[0].labelPath, join(root, 'testannot', 'a.png'));
});

test('a label whose size differs from its image is an error naming both sizes', async (t) => {
  const root = await makeTempDir(t);
  await buildCamvid(root);
  await writeGreyPng(join(root, 'testannot', 'a.png'), 2, 3, [0, 0, 0, 0, 0, 0]);
  const dataset = await openDataset(`camvid:${root}`);
  await assert.rejects(dataset.readLabels(dataset.samples[0]), isDatasetError(/Expected 3x2 \(the size of image ".*a\.png"\) for ground-truth label file ".*a\.png" but received 2x3/));
});

test('a malformed list line and a missing root are errors', async (t) => {
  const root = await makeTempDir(t);
  await writeText(join(root, 'test.txt'), 'test/a.png\n');
  await assert.rejects(openDataset(`camvid:${root}`), isDatasetError(/"image label" on every line for line 1/));
  await assert.rejects(openDataset(`camvid:${join(root, 'nowhere')}`), isDatasetError(/existing CamVid folder.*nowhere" \(missing\)/));
});

test('the shared CamVid test split: 233 pairs, labels 0..11 at image size', needsCamvid(), async () => {
  const dataset = await openDataset(`camvid:${camvidRoot}`, { split: 'test' });
  assert.equal(dataset.samples.length, 233);
  const seen = new Set<number>();
  for (const sample of dataset.samples) {
    const { labels, width, height } = await dataset.readLabels(sample);
    assert.deepEqual([width, height], [480, 360]);
    for (const value of new Set(labels)) seen.add(value);
  }
  assert.ok(Math.max(...seen) <= 11, `values ${[...seen]}`);
  assert.ok(seen.has(11), 'void pixels are present');
});
