import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeSingleChannelPng } from '../../src/io/png.js';
import { runCli } from '../helpers/run-cli.js';
import { needsCamvid, camvidRoot, repoRoot } from '../helpers/paths.js';

const classes = { classes: [{ id: 0, name: 'a', color: [0, 0, 0] }, { id: 1, name: 'b', color: [255, 0, 0] }], ignoreIndex: 255 };

async function labelFolder(dir: string, maps: Record<string, number[]>): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, values] of Object.entries(maps)) {
    await writeFile(join(dir, `${name}.png`), encodeSingleChannelPng({ width: values.length, height: 1, samples: Uint8Array.from(values) }));
  }
}

test('predictions made elsewhere are scored against a label folder; numbers match a hand count', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-eval-'));
  await writeFile(join(dir, 'classes.json'), JSON.stringify(classes));
  // image x: gt 0 0 1 1 255, pred 0 1 1 1 0 -> class a: tp 1 fn 1 fp 0; class b: tp 2 fp 1 fn 0 (ignore dropped)
  await labelFolder(join(dir, 'gt'), { x: [0, 0, 1, 1, 255], y: [1, 1, 1, 1, 1] });
  await labelFolder(join(dir, 'pred'), { x: [0, 1, 1, 1, 0], y: [1, 1, 1, 1, 1] });
  const result = await runCli(['eval', '--pred', join(dir, 'pred'), '--gt', join(dir, 'gt'), '--classes', join(dir, 'classes.json'), '--out', join(dir, 'out'), '--report', 'json,csv']);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(await readFile(join(dir, 'out', 'report.json'), 'utf8'));
  // totals: a tp 1 fn 1 fp 0 -> IoU 1/2; b tp 7 fp 1 fn 0 -> IoU 7/8
  assert.deepEqual(report.metrics.perClass.IoU, [0.5, 0.875]);
  assert.equal(report.metrics.mIoU, (0.5 + 0.875) / 2);
  assert.equal(report.metrics.aAcc, 8 / 9);
  assert.equal(report.images.length, 2);
  const csv = await readFile(join(dir, 'out', 'classes.csv'), 'utf8');
  assert.match(csv, /^id,name,IoU/);
  assert.match(csv, /\n1,b,0\.875,/);
});

test('a missing prediction fails that sample only (exit 1); --compare lists deltas', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-eval-'));
  await writeFile(join(dir, 'classes.json'), JSON.stringify(classes));
  await labelFolder(join(dir, 'gt'), { x: [0, 0, 1, 1], y: [1, 1, 0, 0] });
  await labelFolder(join(dir, 'good'), { x: [0, 0, 1, 1], y: [1, 1, 0, 0] });
  await labelFolder(join(dir, 'bad'), { x: [0, 0, 1, 1] });
  const good = await runCli(['eval', '--pred', join(dir, 'good'), '--gt', join(dir, 'gt'), '--classes', join(dir, 'classes.json'), '--out', join(dir, 'a'), '--report', 'json']);
  assert.equal(good.code, 0, good.stderr);
  const bad = await runCli(['eval', '--pred', join(dir, 'bad'), '--gt', join(dir, 'gt'), '--classes', join(dir, 'classes.json'), '--out', join(dir, 'b'), '--report', 'json']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^warning: 1 of 2 samples have no prediction in ".*bad" \(<id>.labels.png or <id>.png\); first: y$/m);
  await labelFolder(join(dir, 'worse'), { x: [1, 1, 1, 1], y: [1, 1, 0, 0] });
  await runCli(['eval', '--pred', join(dir, 'worse'), '--gt', join(dir, 'gt'), '--classes', join(dir, 'classes.json'), '--out', join(dir, 'c'), '--report', 'json']);
  const compare = await runCli(['eval', '--compare', join(dir, 'a', 'report.json'), join(dir, 'c', 'report.json')]);
  assert.equal(compare.code, 0, compare.stderr);
  assert.match(compare.stdout, /mIoU\s*│\s*100\.00\s*│\s*\d+\.\d+\s*│\s*-\d/);
  assert.match(compare.stdout, /most regressed images:[\s\S]*│ x /);
});

test('usage errors: nothing to evaluate, one report for --compare', async () => {
  const none = await runCli(['eval', '--dataset', 'camvid:/nowhere']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /Expected --model/);
  const one = await runCli(['eval', '--compare', 'a.json']);
  assert.equal(one.code, 2);
});

test('the street model on CamVid test: all 233 images scored with every metric', needsCamvid(), async () => {
  const out = await mkdtemp(join(tmpdir(), 'semseg-eval-'));
  const result = await runCli(['eval', '--model', 'street', '--dataset', `camvid:${camvidRoot}`, '--split', 'test', '--out', out, '--report', 'json', '--bootstrap', '200']);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
  assert.equal(report.images.length, 233);
  assert.equal(report.profile.pixels, report.confusion.flat().reduce((a: number, b: number) => a + b, 0));
  assert.ok(report.metrics.mIoU > 0.3, `mIoU ${report.metrics.mIoU}`);
  assert.ok(report.bootstrap.lower <= report.metrics.mIoU && report.metrics.mIoU <= report.bootstrap.upper);
  assert.ok(report.calibration.ece >= 0 && report.calibration.ece < 0.2);
  assert.equal(report.boundary.perClass.length, 11);
  assert.match(result.stdout, /mIoU \d+\.\d\d %/);
});

test('eval runs the model the way predict does: TTA flags reach segment() and the report records them', needsCamvid(), async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-eval-'));
  await mkdir(join(dir, 'images'));
  await mkdir(join(dir, 'labels'));
  for (const name of ['0001TP_008550', 'Seq05VD_f02370']) {
    await writeFile(join(dir, 'images', `${name}.png`), await readFile(join(camvidRoot, 'test', `${name}.png`)));
    await writeFile(join(dir, 'labels', `${name}.png`), await readFile(join(camvidRoot, 'testannot', `${name}.png`)));
  }
  const card = join(repoRoot, 'models', 'street', 'card.json');
  const args = ['eval', '--model', 'street', '--dataset', `folder:${dir}`, '--images', 'images', '--labels', 'labels', '--classes', card, '--report', 'json', '--workers', '1'];
  const plain = await runCli([...args, '--out', join(dir, 'plain'), '--tta', 'none']);
  const tta = await runCli([...args, '--out', join(dir, 'tta'), '--tta', 'flip']);
  assert.equal(plain.code, 0, plain.stderr);
  assert.equal(tta.code, 0, tta.stderr);
  const a = JSON.parse(await readFile(join(dir, 'plain', 'report.json'), 'utf8'));
  const b = JSON.parse(await readFile(join(dir, 'tta', 'report.json'), 'utf8'));
  assert.deepEqual(b.subject.model.inference.tta, { flip: true });
  assert.equal(a.images.length, 2);
  // flipping changes some pixels of a street scene, so the two confusion matrices differ
  assert.notDeepEqual(a.confusion, b.confusion);
});
