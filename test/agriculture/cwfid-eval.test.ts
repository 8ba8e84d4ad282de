/**
 * `semseg eval` on CWFID's colour-coded crop/weed annotations through the shipped class tables: the folder dataset
 * pairs 00N_image.png with 00N_annotation.png, the table decodes black/green/red into soil/crop/weed exactly as a
 * pixel count of the PNGs (sharp) says, predictions written as `semseg predict` names them are found and scored
 * with known answers, and extra colours of a class merge crop and weed into vegetation. CWFID tests skip without
 * ../shared.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { openDataset } from '../../src/datasets/index.js';
import { makeTempDir, writeGreyPng, writeImage, writeRgbPng, writeText } from '../datasets/build-fixtures.js';
import { repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';

const cwfidRoot = join(repoRoot, '..', 'shared', 'data', 'cwfid');
const needsCwfid = existsSync(join(cwfidRoot, 'annotations', '001_annotation.png')) ? {} : { skip: `CWFID not found at ${cwfidRoot} (../shared is absent)` };
const TABLE = join(repoRoot, 'docs', 'examples', 'cwfid-classes.json');
const MERGED = join(repoRoot, 'docs', 'examples', 'cwfid-vegetation-annotations.json');
const PAIRS = '{images/00[12]_image.png,annotations/00[12]_annotation.png}';

/** Soil, crop and weed pixels of an annotation PNG, counted from its RGB bytes. */
async function countColours(path: string): Promise<{ ids: Uint8Array; counts: number[]; width: number; height: number }> {
  const { data, info } = await sharp(path).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const ids = new Uint8Array(info.width * info.height);
  const counts = [0, 0, 0];
  for (let p = 0; p < ids.length; p++) {
    const [r, g, b] = [data[3 * p], data[3 * p + 1], data[3 * p + 2]];
    const id = r === 0 && g === 0 && b === 0 ? 0 : r === 0 && g === 255 && b === 0 ? 1 : r === 255 && g === 0 && b === 0 ? 2 : 9;
    assert.notEqual(id, 9, `unexpected colour rgb(${r}, ${g}, ${b}) in ${path}`);
    ids[p] = id;
    counts[id]++;
  }
  return { ids, counts, width: info.width, height: info.height };
}

test('extra colours of a class decode to that class; a colour used twice is a coded error', async (t) => {
  const root = await makeTempDir(t);
  await writeImage(join(root, 'images', 'p.png'), 3, 1);
  await writeRgbPng(join(root, 'labels', 'p.png'), 3, 1, [[0, 0, 0], [0, 255, 0], [255, 0, 0]]);
  await writeText(join(root, 'merged.json'), await readFile(MERGED, 'utf8'));
  const dataset = await openDataset(`folder:${root}`, { classes: join(root, 'merged.json'), labelEncoding: 'colors' });
  assert.deepEqual([...(await dataset.readLabels(dataset.samples[0])).labels], [0, 1, 1]);
  await writeText(join(root, 'clash.json'), JSON.stringify({ classes: [{ id: 0, name: 'a', color: [1, 2, 3] }, { id: 1, name: 'b', color: [4, 5, 6], colors: [[1, 2, 3]] }] }));
  await assert.rejects(openDataset(`folder:${root}`, { classes: join(root, 'clash.json'), labelEncoding: 'colors' }), (e: Error & { code?: string }) => e.code === 'DATASET_INVALID' && /rgb\(1, 2, 3\) for ids 0 and 1/.test(e.message));
});

test('CWFID annotations decode to soil/crop/weed exactly as their colours count', needsCwfid, async () => {
  const dataset = await openDataset(`folder:${cwfidRoot}`, { pattern: '{images/*_image.png,annotations/*_annotation.png}', classes: TABLE, labelEncoding: 'colors' });
  assert.deepEqual(dataset.samples.map((s) => s.id), ['001_image', '002_image', '003_image', '004_image', '005_image', '006_image']);
  assert.deepEqual(dataset.classes.map((c) => c.name), ['soil', 'crop', 'weed']);
  for (const sample of dataset.samples.slice(0, 2)) {
    const { labels } = await dataset.readLabels(sample);
    const oracle = await countColours(sample.labelPath);
    assert.deepEqual(labels, oracle.ids, sample.id);
    assert.ok(oracle.counts[1] > 0 && oracle.counts[2] > 0, `${sample.id} has crop and weed`);
  }
});

test('semseg eval --pred scores crop/weed predictions named as semseg predict names them: exact, then crop called weed', needsCwfid, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-cwfid-eval-'));
  try {
    const counts = [0, 0, 0];
    for (const n of ['001', '002']) {
      const { ids, counts: c, width, height } = await countColours(join(cwfidRoot, 'annotations', `${n}_annotation.png`));
      c.forEach((v, i) => (counts[i] += v));
      await writeGreyPng(join(dir, 'exact', `${n}_image.labels.png`), width, height, ids);
      await writeGreyPng(join(dir, 'crop-as-weed', `${n}_image.labels.png`), width, height, ids.map((id) => (id === 1 ? 2 : id)));
    }
    const score = async (pred: string) => {
      const out = join(dir, `report-${pred}`);
      const r = await runCli(['eval', '--pred', join(dir, pred), '--dataset', `folder:${cwfidRoot}`, '--pattern', PAIRS, '--classes', TABLE, '--label-encoding', 'colors', '--out', out, '--report', 'json', '--bootstrap', '0', '--no-boundary', '--no-calibration', '--no-progress']);
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    };
    const exact = await score('exact');
    assert.deepEqual(exact.warnings, []);
    assert.deepEqual(exact.metrics.perClass.IoU, [1, 1, 1]);
    const swapped = await score('crop-as-weed');
    assert.deepEqual(swapped.metrics.perClass.IoU.slice(0, 2), [1, 0]);
    assert.ok(Math.abs(swapped.metrics.perClass.IoU[2] - counts[2] / (counts[1] + counts[2])) < 1e-12);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('semseg eval --model vegetation on the annotations, crop and weed merged: vegetation IoU above 0.70', needsCwfid, async () => {
  const out = await mkdtemp(join(tmpdir(), 'semseg-cwfid-merged-'));
  try {
    const r = await runCli(['eval', '--model', 'vegetation', '--dataset', `folder:${cwfidRoot}`, '--pattern', PAIRS, '--classes', MERGED, '--label-encoding', 'colors', '--out', out, '--report', 'json', '--bootstrap', '0', '--no-boundary', '--no-calibration', '--workers', '1', '--threads', '1', '--no-progress']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    assert.ok(report.metrics.perClass.IoU[1] > 0.7, `vegetation IoU ${report.metrics.perClass.IoU[1]}`);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
