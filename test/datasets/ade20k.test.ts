import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDataset } from '../../src/datasets/index.js';
import { ADE20K_CLASSES } from '../../src/datasets/ade20k-classes.js';
import { makeTempDir, writeGreyPng, writeImage } from './build-fixtures.js';

const isDatasetError = (pattern: RegExp) => (e: Error & { code?: string }) => e.code === 'DATASET_INVALID' && pattern.test(e.message);

async function buildAde(root: string): Promise<void> {
  for (const name of ['ADE_val_00000001', 'ADE_val_00000002']) await writeImage(join(root, 'images', 'validation', `${name}.jpg`), 4, 1);
  await writeGreyPng(join(root, 'annotations', 'validation', 'ADE_val_00000001.png'), 4, 1, [0, 1, 150, 13]);
  await writeGreyPng(join(root, 'annotations', 'validation', 'ADE_val_00000002.png'), 4, 1, [151, 1, 255, 0]);
  await writeImage(join(root, 'images', 'training', 'ADE_train_00000001.jpg'), 4, 1);
}

test('the ADE20K class table: 150 classes from wall to flag', () => {
  assert.equal(ADE20K_CLASSES.length, 150);
  assert.deepEqual(ADE20K_CLASSES[0], { id: 0, name: 'wall', color: [120, 120, 120] });
  assert.deepEqual(ADE20K_CLASSES[149], { id: 149, name: 'flag', color: [92, 0, 255] });
  assert.equal(new Set(ADE20K_CLASSES.map((c) => c.name)).size, 150);
});

test('ade20k applies reduce_zero_label: 0 -> 255, k -> k - 1', async (t) => {
  const root = await makeTempDir(t);
  await buildAde(root);
  for (const split of [undefined, 'val', 'validation']) {
    const dataset = await openDataset(`ade20k:${root}`, { split });
    assert.equal(dataset.split, 'validation');
    assert.equal(dataset.ignoreIndex, 255);
    assert.deepEqual(dataset.samples.map((s) => s.id), ['ADE_val_00000001', 'ADE_val_00000002']);
    assert.deepEqual([...(await dataset.readLabels(dataset.samples[0])).labels], [255, 0, 149, 12]);
  }
});

test('ade20k values above 150 are an error', async (t) => {
  const root = await makeTempDir(t);
  await buildAde(root);
  const dataset = await openDataset(`ade20k:${root}`);
  await assert.rejects(dataset.readLabels(dataset.samples[1]), isDatasetError(/ADE20K annotation values 0 \(unlabelled\) or 1\.\.150 for ground-truth label file .* but received value 151 in 1 pixel, value 255 in 1 pixel/));
});

test('ade20k lists images without annotations and refuses unknown splits', async (t) => {
  const root = await makeTempDir(t);
  await buildAde(root);
  await assert.rejects(openDataset(`ade20k:${root}`, { split: 'train' }), isDatasetError(/images[\\/]training[\\/]ADE_train_00000001\.jpg -> annotations[\\/]training[\\/]ADE_train_00000001\.png \(missing\)/));
  await assert.rejects(openDataset(`ade20k:${root}`, { split: 'test' }), isDatasetError(/training, validation \(or train, val\) for split but received "test"/));
});
