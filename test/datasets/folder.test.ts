import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CAMVID_CLASSES, openDataset, readClassTable } from '../../src/datasets/index.js';
import { streetCard } from '../helpers/models.js';
import { makeTempDir, writeGreyPng, writeImage, writeRgbPng, writeText } from './build-fixtures.js';

const isDatasetError = (pattern: RegExp) => (e: Error & { code?: string }) => e.code === 'DATASET_INVALID' && pattern.test(e.message);

const table = {
  classes: [
    { id: 0, name: 'background', color: [0, 0, 0] },
    { id: 2, name: 'road', color: [128, 64, 128] },
    { id: 1, name: 'car', color: [0, 0, 142] },
  ],
  ignoreColors: [[255, 255, 255]],
};

async function buildFolder(root: string): Promise<void> {
  await writeText(join(root, 'classes.json'), JSON.stringify(table));
  await writeImage(join(root, 'images', 'one.jpg'), 2, 2);
  await writeImage(join(root, 'images', 'two.png'), 2, 2);
  await writeGreyPng(join(root, 'labels', 'one.png'), 2, 2, [0, 1, 2, 255]);
  await writeGreyPng(join(root, 'labels', 'two.png'), 2, 2, [2, 2, 1, 0]);
}

test('folder pairs images/ and labels/ by stem and reads ids with the table classes', async (t) => {
  const root = await makeTempDir(t);
  await buildFolder(root);
  const dataset = await openDataset(`folder:${root}`);
  assert.equal(dataset.split, undefined);
  assert.deepEqual(dataset.classes.map((c) => c.name), ['background', 'car', 'road']);
  assert.equal(dataset.ignoreIndex, 255);
  assert.deepEqual(dataset.samples.map((s) => [s.id, s.imagePath, s.labelPath]), [
    ['one', join(root, 'images', 'one.jpg'), join(root, 'labels', 'one.png')],
    ['two', join(root, 'images', 'two.png'), join(root, 'labels', 'two.png')],
  ]);
  assert.deepEqual([...(await dataset.readLabels(dataset.samples[0])).labels], [0, 1, 2, 255]);
});

test('folder takes a pattern of two globs, images first', async (t) => {
  const root = await makeTempDir(t);
  await writeText(join(root, 'table.json'), JSON.stringify(table.classes));
  await writeImage(join(root, 'photos', 'a', 'x.jpg'), 2, 1);
  await writeImage(join(root, 'photos', 'b', 'y.jpeg'), 2, 1);
  await writeImage(join(root, 'photos', 'b', 'ignored.png'), 2, 1);
  await writeGreyPng(join(root, 'masks', 'x.png'), 2, 1, [1, 7]);
  await writeGreyPng(join(root, 'masks', 'y.png'), 2, 1, [2, 2]);
  const dataset = await openDataset(`folder:${root}`, { pattern: '{photos/**/*.{jpg,jpeg}, masks/*.png}', classes: join(root, 'table.json'), ignoreIndex: 7 });
  assert.deepEqual(dataset.samples.map((s) => s.id), ['x', 'y']);
  assert.equal(dataset.ignoreIndex, 7);
  assert.deepEqual([...(await dataset.readLabels(dataset.samples[0])).labels], [1, 7]);
  await assert.rejects(openDataset(`folder:${root}`, { pattern: 'photos/*.jpg' }), /two globs, images then labels.*pattern/);
  await assert.rejects(openDataset(`folder:${root}`, { pattern: 'a/*,b/*', images: 'photos' }), /either a pattern or image and label folders/);
});

test('with a pattern, files pair by what the wildcards matched: 001_image.png with 001_annotation.png (CWFID)', async (t) => {
  const root = await makeTempDir(t);
  await writeText(join(root, 'table.json'), JSON.stringify(table.classes));
  await writeImage(join(root, 'images', '001_image.png'), 2, 1);
  await writeImage(join(root, 'images', '002_image.png'), 2, 1);
  await writeGreyPng(join(root, 'annotations', '001_annotation.png'), 2, 1, [1, 0]);
  await writeGreyPng(join(root, 'annotations', '002_annotation.png'), 2, 1, [2, 2]);
  const dataset = await openDataset(`folder:${root}`, { pattern: '{images/*_image.png,annotations/*_annotation.png}', classes: join(root, 'table.json') });
  assert.deepEqual(dataset.samples.map((s) => [s.id, s.labelPath]), [
    ['001_image', join(root, 'annotations', '001_annotation.png')],
    ['002_image', join(root, 'annotations', '002_annotation.png')],
  ]);
  const withHead = await openDataset(`folder:${root}`, { pattern: '{images/00*_image.png,annotations/00*_annotation.png}', classes: join(root, 'table.json') });
  assert.deepEqual(withHead.samples.map((s) => s.id), ['001_image', '002_image'], 'paired by the wildcards, named by the image stem');
  // Literal text the label glob does not strip keeps the stems apart: an error naming the unpaired image.
  await assert.rejects(
    openDataset(`folder:${root}`, { pattern: '{images/*_image.png,annotations/*.png}', classes: join(root, 'table.json') }),
    isDatasetError(/no label with stem "001"/),
  );
});

test('colour-coded labels map through the table colours, ignore colours to the ignore index', async (t) => {
  const root = await makeTempDir(t);
  await buildFolder(root);
  await writeRgbPng(join(root, 'labels', 'one.png'), 2, 2, [[0, 0, 0], [0, 0, 142], [128, 64, 128], [255, 255, 255]]);
  await writeRgbPng(join(root, 'labels', 'two.png'), 2, 2, [[0, 0, 0], [0, 0, 142], [0, 0, 142], [9, 8, 7]]);
  const dataset = await openDataset(`folder:${root}`, { labelEncoding: 'colors' });
  assert.deepEqual([...(await dataset.readLabels(dataset.samples[0])).labels], [0, 1, 2, 255]);
  await assert.rejects(dataset.readLabels(dataset.samples[1]), isDatasetError(/colours of the class table for ground-truth label file ".*two\.png" but received rgb\(9, 8, 7\) at pixel x=1, y=1/));
  const ids = await openDataset(`folder:${root}`);
  await assert.rejects(ids.readLabels(ids.samples[0]), isDatasetError(/single-channel grey or palette PNG/));
});

test('images without labels are listed; stems that repeat are refused', async (t) => {
  const root = await makeTempDir(t);
  await buildFolder(root);
  for (const name of ['three', 'four']) await writeImage(join(root, 'images', `${name}.png`), 2, 2);
  await assert.rejects(openDataset(`folder:${root}`), isDatasetError(/2 of 4 incomplete pairs: images[\\/]four\.png -> \(no label with stem "four"\), images[\\/]three\.png -> \(no label with stem "three"\)/));
  await writeImage(join(root, 'images', 'one.png'), 2, 2);
  await assert.rejects(openDataset(`folder:${root}`), isDatasetError(/one image per file stem.*"images[\\/]one\.jpg" and "images[\\/]one\.png"/));
  await assert.rejects(openDataset(`folder:${root}`, { images: 'nothing' }), isDatasetError(/image folder "nothing"/));
});

test('ids and ignore index are checked against the table, with 16-bit labels when needed', async (t) => {
  const root = await makeTempDir(t);
  await buildFolder(root);
  await assert.rejects(openDataset(`folder:${root}`, { ignoreIndex: 2 }), /ignore index outside the class ids 0\.\.2 for ignoreIndex but received 2/);
  await writeGreyPng(join(root, 'labels', 'two.png'), 2, 2, new Uint16Array([2, 1000, 3, 1000]));
  const dataset = await openDataset(`folder:${root}`, { ignoreIndex: 1000 });
  await assert.rejects(dataset.readLabels(dataset.samples[1]), isDatasetError(/class ids 0\.\.2 or 1000 \(ignore\) for ground-truth label file .* but received value 3 in 1 pixel/));
  await writeGreyPng(join(root, 'labels', 'two.png'), 2, 2, new Uint16Array([2, 1000, 1, 1000]));
  const { labels } = await dataset.readLabels(dataset.samples[1]);
  assert.ok(labels instanceof Uint16Array);
  assert.deepEqual([...labels], [2, 1000, 1, 1000]);
});

test('class tables: ids 0..C-1 once each, colours for colour labels, valid JSON', async (t) => {
  const root = await makeTempDir(t);
  await buildFolder(root);
  const write = (value: unknown) => writeText(join(root, 'classes.json'), typeof value === 'string' ? value : JSON.stringify(value));
  await write([{ id: 0, name: 'a' }, { id: 2, name: 'b' }]);
  await assert.rejects(openDataset(`folder:${root}`), isDatasetError(/class ids 0\.\.1, each once .* but received no class with id 1/));
  await write([{ id: 0, name: 'a' }, { id: 0, name: 'b' }]);
  await assert.rejects(openDataset(`folder:${root}`), isDatasetError(/but received id 0 twice/));
  await write([{ id: 0, name: 'a' }, { id: 1, name: 'b' }, { id: 2, name: 'c', color: [1, 2, 3] }]);
  assert.equal((await openDataset(`folder:${root}`)).classes.length, 3);
  await assert.rejects(openDataset(`folder:${root}`, { labelEncoding: 'colors' }), isDatasetError(/colour for every class/));
  await write({ classes: [{ id: 0, name: 'a', color: [1, 2, 3] }, { id: 1, name: 'b', color: [1, 2, 3] }] });
  await assert.rejects(openDataset(`folder:${root}`, { labelEncoding: 'colors' }), isDatasetError(/rgb\(1, 2, 3\) for ids 0 and 1/));
  await write({ classes: [{ id: 0, name: 'a', color: [1, 2, 300] }] });
  await assert.rejects(openDataset(`folder:${root}`), isDatasetError(/class table .* at classes\.0\.color\.2/));
  await write('{ not json');
  await assert.rejects(openDataset(`folder:${root}`), isDatasetError(/valid JSON in the class table/));
  await assert.rejects(openDataset(`folder:${root}`, { classes: join(root, 'missing.json') }), isDatasetError(/readable class table JSON file for classes/));
});

test('a model card is a class table: the street card gives the CamVid classes and ignore index', async () => {
  const table = await readClassTable(streetCard);
  assert.deepEqual(table.classes, CAMVID_CLASSES);
  assert.equal(table.ignoreIndex, 11);
});

test('absolute image and label folders are used as given, not joined onto the dataset root', async (t) => {
  const root = await makeTempDir(t);
  const elsewhere = await makeTempDir(t);
  await writeText(join(root, 'classes.json'), JSON.stringify(table));
  await writeImage(join(elsewhere, 'photos', 'one.png'), 2, 2);
  await writeGreyPng(join(elsewhere, 'masks', 'one.png'), 2, 2, [0, 1, 2, 0]);
  const dataset = await openDataset(`folder:${root}`, { images: join(elsewhere, 'photos'), labels: join(elsewhere, 'masks') });
  assert.deepEqual(dataset.samples, [{ id: 'one', imagePath: join(elsewhere, 'photos', 'one.png'), labelPath: join(elsewhere, 'masks', 'one.png') }]);
  assert.deepEqual([...(await dataset.readLabels(dataset.samples[0])).labels], [0, 1, 2, 0]);
  const globbed = await openDataset(`folder:${root}`, { pattern: `{${join(elsewhere, 'photos', '*.png')},${join(elsewhere, 'masks', '*.png')}}` });
  assert.deepEqual(globbed.samples, dataset.samples);
});
