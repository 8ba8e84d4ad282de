/**
 * `semseg field` end to end with the embedded vegetation model on synthetic fields whose answers are known (green
 * squares on brown soil): CSV, JSON and HTML written, totals per folder, a corrupt image failing with its code
 * while the others are measured, and role flags checked against the model's classes.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { runCli } from '../helpers/run-cli.js';
import { writeRgbPng } from '../datasets/build-fixtures.js';
import { repoRoot } from '../helpers/paths.js';

const SOIL = [140, 105, 75];
const PLANT = [50, 150, 45];
let dir: string;

/** A width x height PNG of soil with plant squares [x, y, side]. */
async function writeField(path: string, width: number, height: number, squares: [number, number, number][]): Promise<void> {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const plant = squares.some(([sx, sy, side]) => x >= sx && x < sx + side && y >= sy && y < sy + side);
      data.set(plant ? PLANT : SOIL, (y * width + x) * 3);
    }
  }
  await sharp(data, { raw: { width, height, channels: 3 } }).png().toFile(path);
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'semseg-field-'));
  await mkdir(join(dir, 'north'));
  await mkdir(join(dir, 'south'));
  await writeField(join(dir, 'north', 'a.png'), 64, 48, [[2, 3, 10], [40, 30, 5]]);
  await writeFile(join(dir, 'north', 'broken.png'), 'not a png at all');
  await writeField(join(dir, 'south', 'b.png'), 32, 32, [[10, 10, 8]]);
});
after(() => rm(dir, { recursive: true, force: true }));

const csvRows = async (path: string) => (await readFile(path, 'utf8')).trim().split('\n').map((line) => line.split(','));

test('weed patches, shares and per-field totals; the corrupt image fails with DECODE_FAILED and the rest carry on', async () => {
  const out = join(dir, 'out-weed');
  const r = await runCli(['field', join(dir, 'north'), join(dir, 'south'), '--weed-classes', 'vegetation', '--soil-classes', 'soil', '--report', 'csv,html,json', '--out', out, '--workers', '1', '--threads', '1', '--no-progress']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /broken\.png.*DECODE_FAILED/);
  const images = await csvRows(join(out, 'images.csv'));
  const header = images[0];
  const row = (name: string) => Object.fromEntries(header.map((h, i) => [h, images.find((line) => line[1].endsWith(name))![i]]));
  const a = row('a.png');
  assert.deepEqual([a.status, a.pixels, a.weed_share, a.cover, a.weed_patches, a.largest_patch_px, a.mean_patch_px], ['ok', '3072', String(125 / 3072), String(125 / 3072), '2', '100', '62.5']);
  assert.equal(a.weed_crop_ratio, '');
  assert.deepEqual([row('broken.png').status, row('broken.png').error_code], ['failed', 'DECODE_FAILED']);
  assert.deepEqual([row('b.png').weed_patches, row('b.png').largest_patch_px], ['1', '64']);
  const patches = await csvRows(join(out, 'patches.csv'));
  assert.deepEqual(patches.slice(1).map((p) => p.slice(2)), [['1', '100', '2', '3', '10', '10'], ['2', '25', '40', '30', '5', '5'], ['1', '64', '10', '10', '8', '8']]);
  const fields = await csvRows(join(out, 'fields.csv'));
  assert.deepEqual(fields.slice(1).map((f) => [f[0].split(/[\\/]/).pop(), f[1], f[2], f[3], f[6], f[9]]), [
    ['north', '1', '1', '3072', String(125 / 3072), '2'],
    ['south', '1', '0', '1024', String(64 / 1024), '1'],
    ['all fields', '2', '1', '4096', String(189 / 4096), '3'],
  ]);
  const json = JSON.parse(await readFile(join(out, 'field.json'), 'utf8'));
  assert.equal(json.total.patchCount, 3);
  assert.deepEqual(json.roles, { crop: [], weed: ['vegetation'], soil: ['soil'], vegetation: [] });
  const html = await readFile(join(out, 'report.html'), 'utf8');
  assert.match(html, /^<!DOCTYPE html>/);
  assert.equal((html.match(/src="data:image\/jpeg;base64,/g) ?? []).length, 4, 'photo and overlay of the two measured images');
  assert.doesNotMatch(html, /(src|href)="(https?:|\/\/)/, 'self-contained');
  assert.match(html, /DECODE_FAILED/);
  assert.match(html, /#1: <b>100<\/b> at 2,3 10×10/);
});

test('the card roles of the vegetation model give cover without crop or weed', async () => {
  const out = join(dir, 'out-cover');
  const r = await runCli(['field', join(dir, 'south', 'b.png'), '--report', 'csv', '--out', out, '--workers', '1', '--threads', '1', '--no-progress']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /cover 6\.3 %, crop 0\.0 %, weed 0\.0 %, weed\/crop -, 0 weed patch\(es\)/);
  const images = await csvRows(join(out, 'images.csv'));
  assert.deepEqual(images[1].slice(7, 12), [String(64 / 1024), '0', '0', String(960 / 1024), '']);
});

test('a role flag naming a class the model lacks stops the run before any image (exit 2)', async () => {
  const r = await runCli(['field', join(dir, 'south'), '--weed-classes', 'thistle', '--out', join(dir, 'out-bad'), '--no-progress']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Expected class names of the model \(soil, vegetation\) for --weed-classes but received "thistle" \[INVALID_ARGUMENT\]/);
});

test('--labels: colour annotations through a class table with roles; a label with an unknown colour fails alone', async () => {
  const labels = join(dir, 'annotated');
  const [soil, crop, weed]: [number, number, number][] = [[0, 0, 0], [0, 255, 0], [255, 0, 0]];
  // 4x2: crop 2 px, weed 3 px in two patches (8-connectivity), soil 3 px
  await writeRgbPng(join(labels, 'p1.png'), 4, 2, [crop, crop, soil, weed, weed, soil, weed, soil]);
  await writeRgbPng(join(labels, 'p2.png'), 2, 1, [[9, 9, 9], soil]);
  const out = join(dir, 'out-labels');
  const table = join(repoRoot, 'docs', 'examples', 'cwfid-classes.json');
  const r = await runCli(['field', labels, '--labels', table, '--label-encoding', 'colors', '--connectivity', '4', '--report', 'csv,json', '--out', out, '--no-progress']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /p2\.png.*rgb\(9, 9, 9\).*\[DATASET_INVALID\]/);
  const json = JSON.parse(await readFile(join(out, 'field.json'), 'utf8'));
  assert.deepEqual(json.roles, { crop: ['crop'], weed: ['weed'], soil: ['soil'], vegetation: [] });
  const p1 = json.images.find((i: { file: string }) => i.file.endsWith('p1.png')).stats;
  assert.deepEqual([p1.cover, p1.cropShare, p1.weedShare, p1.weedCropRatio], [5 / 8, 2 / 8, 3 / 8, 3 / 2]);
  assert.deepEqual(p1.patches.map((p: { pixels: number }) => p.pixels), [1, 1, 1], '4-connectivity: (3,0), (0,1) and (2,1) stay apart');
  assert.deepEqual([json.total.images, json.total.failed], [1, 1]);
});
