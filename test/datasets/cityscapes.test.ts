import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDataset } from '../../src/datasets/index.js';
import { CITYSCAPES_CLASSES, CITYSCAPES_LABELS } from '../../src/datasets/cityscapes-labels.js';
import { makeTempDir, writeGreyPng, writeImage } from './build-fixtures.js';

const isDatasetError = (pattern: RegExp) => (e: Error & { code?: string }) => e.code === 'DATASET_INVALID' && pattern.test(e.message);

async function addFrame(root: string, city: string, frame: string, labelIds: number[], trainIds?: number[]): Promise<void> {
  await writeImage(join(root, 'leftImg8bit', 'val', city, `${frame}_leftImg8bit.png`), 4, 2);
  await writeGreyPng(join(root, 'gtFine', 'val', city, `${frame}_gtFine_labelIds.png`), 4, 2, labelIds);
  if (trainIds) await writeGreyPng(join(root, 'gtFine', 'val', city, `${frame}_gtFine_labelTrainIds.png`), 4, 2, trainIds);
}

test('the class table: 19 trainIds in order, labelIds 0..33 as in cityscapesScripts', () => {
  assert.deepEqual(CITYSCAPES_CLASSES.map((c) => c.id), [...Array(19).keys()]);
  assert.deepEqual(CITYSCAPES_CLASSES.map((c) => c.name).slice(0, 3), ['road', 'sidewalk', 'building']);
  assert.deepEqual(CITYSCAPES_CLASSES[18], { id: 18, name: 'bicycle', color: [119, 11, 32] });
  assert.equal(CITYSCAPES_LABELS.length, 34);
  assert.deepEqual(CITYSCAPES_LABELS.filter((l) => l.trainId !== 255).map((l) => l.labelId), [7, 8, 11, 12, 13, 17, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 31, 32, 33]);
});

test('cityscapes maps labelIds to trainIds, void and unevaluated classes to 255', async (t) => {
  const root = await makeTempDir(t);
  // unlabeled, road, sidewalk, parking (ignored in eval), polegroup (ignored), sky, caravan (ignored), bicycle
  await addFrame(root, 'aachen', 'aachen_000000_000019', [0, 7, 8, 9, 18, 23, 29, 33]);
  await addFrame(root, 'bremen', 'bremen_000001_000019', [7, 7, 7, 7, 7, 7, 7, 7]);
  const dataset = await openDataset(`cityscapes:${root}`);
  assert.equal(dataset.split, 'val');
  assert.equal(dataset.ignoreIndex, 255);
  assert.deepEqual(dataset.samples.map((s) => s.id), ['aachen_000000_000019', 'bremen_000001_000019']);
  const { labels } = await dataset.readLabels(dataset.samples[0]);
  assert.deepEqual([...labels], [255, 0, 1, 255, 255, 10, 255, 18]);
});

test('labelIds outside the table are an error naming the value and pixel count', async (t) => {
  const root = await makeTempDir(t);
  await addFrame(root, 'aachen', 'aachen_000000_000019', [0, 7, 34, 34, 34, 200, 7, 7]);
  const dataset = await openDataset(`cityscapes:${root}`);
  await assert.rejects(dataset.readLabels(dataset.samples[0]), isDatasetError(/Cityscapes labelIds 0\.\.33 for ground-truth label file ".*aachen_000000_000019_gtFine_labelIds\.png" but received value 34 in 3 pixels, value 200 in 1 pixel$/));
});

test('labelTrainIds files are read as they are on request', async (t) => {
  const root = await makeTempDir(t);
  await addFrame(root, 'aachen', 'aachen_000000_000019', [0, 0, 0, 0, 0, 0, 0, 0], [0, 18, 255, 3, 3, 3, 3, 3]);
  const dataset = await openDataset(`cityscapes:${root}`, { cityscapesLabels: 'labelTrainIds' });
  assert.deepEqual([...(await dataset.readLabels(dataset.samples[0])).labels], [0, 18, 255, 3, 3, 3, 3, 3]);
});

test('images without labels are listed, with a hint about the other label files', async (t) => {
  const root = await makeTempDir(t);
  await addFrame(root, 'aachen', 'aachen_000000_000019', [7, 7, 7, 7, 7, 7, 7, 7]);
  await assert.rejects(
    openDataset(`cityscapes:${root}`, { cityscapesLabels: 'labelTrainIds' }),
    isDatasetError(/1 of 1 incomplete pairs: .*aachen_000000_000019_leftImg8bit\.png -> .*aachen_000000_000019_gtFine_labelTrainIds\.png \(missing\); if the \*_gtFine_labelIds\.png files/),
  );
  await assert.rejects(openDataset(`cityscapes:${root}`, { split: 'test' }), isDatasetError(/split folder leftImg8bit\/test/));
});
