import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDataset } from '../../src/datasets/index.js';
import { VOC_CLASSES } from '../../src/datasets/voc.js';
import { makeTempDir, writeGreyPng, writeImage, writePackedPng, writeText } from './build-fixtures.js';

const isDatasetError = (pattern: RegExp) => (e: Error & { code?: string }) => e.code === 'DATASET_INVALID' && pattern.test(e.message);

/** A palette where every index has a colour unrelated to its class, so reading colours would give wrong ids. */
const misleadingPalette = Array.from({ length: 256 }, (_, i) => [255 - i, i, 7]);

async function buildVoc(root: string): Promise<string> {
  const voc = join(root, 'VOC2012');
  await writeText(join(voc, 'ImageSets', 'Segmentation', 'val.txt'), '2007_000033\n2007_000042\n');
  await writeText(join(voc, 'ImageSets', 'Segmentation', 'train.txt'), '2007_000032\n');
  for (const id of ['2007_000033', '2007_000042']) await writeImage(join(voc, 'JPEGImages', `${id}.jpg`), 3, 2);
  await writePackedPng(join(voc, 'SegmentationClass', '2007_000033.png'), 3, 2, [0, 1, 15, 20, 255, 255], 8, misleadingPalette);
  await writePackedPng(join(voc, 'SegmentationClass', '2007_000042.png'), 3, 2, [0, 21, 21, 22, 255, 0], 8, misleadingPalette);
  return voc;
}

test('the VOC class table: 21 classes with the VOC colour map', () => {
  assert.equal(VOC_CLASSES.length, 21);
  assert.deepEqual(VOC_CLASSES[15], { id: 15, name: 'person', color: [192, 128, 128] });
  assert.deepEqual(VOC_CLASSES[20], { id: 20, name: 'tvmonitor', color: [0, 64, 128] });
});

test('voc reads palette indices as class ids and keeps 255 as the ignore index', async (t) => {
  const root = await makeTempDir(t);
  const voc = await buildVoc(root);
  for (const path of [root, voc]) {
    const dataset = await openDataset(`voc:${path}`);
    assert.equal(dataset.root, voc, 'a VOCdevkit folder leads to its VOC2012');
    assert.equal(dataset.ignoreIndex, 255);
    assert.deepEqual(dataset.samples.map((s) => s.id), ['2007_000033', '2007_000042']);
    assert.deepEqual([...(await dataset.readLabels(dataset.samples[0])).labels], [0, 1, 15, 20, 255, 255]);
  }
});

test('voc rejects indices beyond the 21 classes, naming each value and its pixel count', async (t) => {
  const dataset = await openDataset(`voc:${await buildVoc(await makeTempDir(t))}`);
  await assert.rejects(dataset.readLabels(dataset.samples[1]), isDatasetError(/class ids 0\.\.20 or 255 \(ignore\) for ground-truth label file ".*2007_000042\.png" but received value 21 in 2 pixels, value 22 in 1 pixel/));
});

test('grey labels (SegmentationClassAug style) are read as ids too', async (t) => {
  const voc = await buildVoc(await makeTempDir(t));
  await writeGreyPng(join(voc, 'SegmentationClass', '2007_000033.png'), 3, 2, [0, 1, 2, 3, 255, 4]);
  const dataset = await openDataset(`voc:${voc}`);
  assert.deepEqual([...(await dataset.readLabels(dataset.samples[0])).labels], [0, 1, 2, 3, 255, 4]);
});

test('voc lists missing images and labels, and names the available splits', async (t) => {
  const voc = await buildVoc(await makeTempDir(t));
  await assert.rejects(openDataset(`voc:${voc}`, { split: 'train' }), isDatasetError(/1 of 1 incomplete pairs: JPEGImages[\\/]2007_000032\.jpg \(missing\) -> SegmentationClass[\\/]2007_000032\.png \(missing\)/));
  await assert.rejects(openDataset(`voc:${voc}`, { split: 'trainval' }), isDatasetError(/"trainval" \(no such file; available: train, val\)/));
});
