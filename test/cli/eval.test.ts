import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { inferenceFlagWarnings } from '../../src/cli/inference-flags.js';
import { encodeSingleChannelPng } from '../../src/formats/png.js';
import { runCli } from '../helpers/run-cli.js';
import { needsCamvid, camvidRoot, cliPath, repoRoot } from '../helpers/paths.js';

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

const run = (dir: string, ...args: string[]) => runCli(['eval', '--report', 'json', '--no-progress', '--out', join(dir, 'out'), ...args]);
const readReport = async (dir: string) => JSON.parse(await readFile(join(dir, 'out', 'report.json'), 'utf8'));
const warnings = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('warning: '));

test('--gt <folder> --label-encoding colors reads 0/255 masks through the table colours: the 255 foreground is scored, not ignored', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-eval-'));
  const table = { classes: [{ id: 0, name: 'membrane', color: [0, 0, 0] }, { id: 1, name: 'interior', color: [255, 255, 255] }] };
  await writeFile(join(dir, 'em.json'), JSON.stringify(table));
  await labelFolder(join(dir, 'gt'), { x: [0, 255, 255, 255, 0, 255] });
  await labelFolder(join(dir, 'pred'), { x: [0, 1, 1, 0, 0, 1] });
  const result = await run(dir, '--pred', join(dir, 'pred'), '--gt', join(dir, 'gt'), '--classes', join(dir, 'em.json'), '--label-encoding', 'colors');
  assert.equal(result.code, 0, result.stderr);
  const report = await readReport(dir);
  assert.equal(report.profile.pixels, 6, 'every pixel counted: 255 is the interior class, not the ignore index');
  // membrane: tp 2 fp 1 fn 0 -> 2/3; interior: tp 3 fp 0 fn 1 -> 3/4
  assert.deepEqual(report.metrics.perClass.IoU, [2 / 3, 3 / 4]);
  assert.deepEqual(warnings(result.stderr), []);
});

const isbiRoot = join(repoRoot, '..', 'shared', 'data', 'isbi-em');

/** The built CLI run from `cwd`, so that a documented command with relative paths runs as written. */
function runIn(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cliPath, ...args], { cwd }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }));
  });
}

test('docs/eval.md binary-mask example: ISBI EM labels (0 membrane, 255 interior) against 0/1 predictions', { skip: existsSync(join(isbiRoot, 'labels', '20.png')) ? undefined : `ISBI EM not found at ${isbiRoot}` }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-eval-'));
  await mkdir(join(dir, 'em-preds'));
  const slices = (await readdir(join(isbiRoot, 'labels'))).filter((name) => name.endsWith('.png'));
  for (const name of slices) {
    const { data, info } = await sharp(join(isbiRoot, 'labels', name)).greyscale().raw().toBuffer({ resolveWithObject: true });
    // A prediction that is the ground truth with its first 32 rows called membrane.
    const ids = Uint8Array.from(data, (v, i) => (i < 32 * info.width ? 0 : v === 255 ? 1 : 0));
    await writeFile(join(dir, 'em-preds', name), encodeSingleChannelPng({ width: info.width, height: info.height, samples: ids }));
  }
  await writeFile(join(dir, 'em-classes.json'), JSON.stringify({ classes: [{ id: 0, name: 'membrane', color: [0, 0, 0] }, { id: 1, name: 'interior', color: [255, 255, 255] }] }));
  // The documented command, run from the folder that holds em-preds/ and em-classes.json.
  const args = ['eval', '--pred', 'em-preds/', '--gt', `${join(isbiRoot, 'labels')}/`, '--classes', 'em-classes.json', '--label-encoding', 'colors', '--out', 'eval-em/'];
  const result = await runIn(dir, args);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(await readFile(join(dir, 'eval-em', 'report.json'), 'utf8'));
  assert.equal(report.images.length, slices.length);
  assert.equal(report.profile.pixels, slices.length * 512 * 512);
  assert.ok(report.metrics.perClass.IoU[1] > 0.9 && report.metrics.perClass.IoU[1] < 1, `interior IoU ${report.metrics.perClass.IoU[1]}`);
});

test('options without effect are named in one warning line each instead of silently ignored', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-eval-'));
  await writeFile(join(dir, 'classes.json'), JSON.stringify(classes));
  await labelFolder(join(dir, 'gt'), { x: [0, 1] });
  await labelFolder(join(dir, 'pred'), { x: [0, 1] });
  const pred = await run(dir, '--pred', join(dir, 'pred'), '--gt', join(dir, 'gt'), '--classes', join(dir, 'classes.json'), '--split', 'val', '--mode', 'slide', '--workers', '2', '--worst', '3');
  assert.equal(pred.code, 0, pred.stderr);
  assert.deepEqual(warnings(pred.stderr), [
    'warning: --mode has no effect with --pred (no model is run); ignored',
    'warning: --workers has no effect with --pred (no model is run); ignored',
    'warning: --worst has no effect without the html report (--report); ignored',
    'warning: --split has no effect on a --gt label folder (it reads --classes, --ignore-index, --label-encoding); ignored',
  ]);
  // A camvid dataset has a fixed encoding and ignore index: the flags are warned about, the run goes on.
  const camvid = join(dir, 'camvid');
  await labelFolder(join(camvid, 'test'), { x: [0, 1] });
  await labelFolder(join(camvid, 'testannot'), { x: [0, 11] });
  await writeFile(join(camvid, 'test.txt'), 'test/x.png testannot/x.png\n');
  const kind = await run(dir, '--pred', join(dir, 'pred'), '--dataset', `camvid:${camvid}`, '--label-encoding', 'colors', '--ignore-index', '3', '--cityscapes-labels', 'labelTrainIds', '--model', 'street');
  assert.equal(kind.code, 0, kind.stderr);
  const fixed = 'a camvid dataset: its classes, ignore index and label encoding are fixed (it reads --split); ignored';
  assert.deepEqual(warnings(kind.stderr), [
    'warning: --model has no effect with --pred unless its card names the classes of a --gt folder; ignored',
    ...['--ignore-index', '--label-encoding', '--cityscapes-labels'].map((flag) => `warning: ${flag} has no effect on ${fixed}`),
  ]);
  // A label folder holds no images: running a model on it would score the model on label PNGs.
  const model = await run(dir, '--model', 'street', '--gt', join(dir, 'gt'), '--classes', join(dir, 'classes.json'));
  assert.equal(model.code, 2);
  assert.match(model.stderr, /^error: Expected --pred <folder> with --gt <label folder> \(it holds no images to run --model on; use --dataset folder:<root>\)/);
  const compare = await runCli(['eval', '--compare', join(dir, 'out', 'report.json'), join(dir, 'out', 'report.json'), '--profile', 'smp']);
  assert.deepEqual(warnings(compare.stderr), ['warning: --profile has no effect with --compare, which only reads the two reports; ignored']);
});

test('inferenceFlagWarnings: window options in whole mode, given on the command line, are warned about; none in auto mode', () => {
  const flags = { mode: 'whole' as const, crop: { width: 64, height: 64 }, stride: { width: 32, height: 32 }, blend: 'gaussian' as const, batch: 1 };
  const given = (key: string) => ['crop', 'stride', 'blend'].includes(key);
  assert.deepEqual(inferenceFlagWarnings(flags, given).map((line) => line.split(' ')[0]), ['--crop', '--stride', '--blend']);
  assert.deepEqual(inferenceFlagWarnings({ ...flags, mode: 'auto' }, given), []);
  assert.deepEqual(inferenceFlagWarnings(flags, (key) => key === 'stride'), ['--stride has no effect with --mode whole (the model sees the whole image, there are no windows); ignored']);
});

test('two identical runs write byte-identical report.json, classes.csv, images.csv and report.html (timing aside)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-eval-'));
  await writeFile(join(dir, 'classes.json'), JSON.stringify(classes));
  const maps: Record<string, number[]> = {};
  const preds: Record<string, number[]> = {};
  for (let i = 0; i < 9; i++) {
    maps[`s${i}`] = Array.from({ length: 40 + i * 30 }, (_, p) => (p * (i + 2)) % 2);
    preds[`s${i}`] = maps[`s${i}`].map((v, p) => (p % (i + 2) === 0 ? 1 - v : v));
  }
  await labelFolder(join(dir, 'gt'), maps);
  await labelFolder(join(dir, 'pred'), preds);
  const files = ['report.json', 'classes.csv', 'images.csv', 'report.html'];
  const once = async (out: string) => {
    const result = await runCli(['eval', '--pred', join(dir, 'pred'), '--gt', join(dir, 'gt'), '--classes', join(dir, 'classes.json'), '--out', join(dir, out), '--bootstrap', '300']);
    assert.equal(result.code, 0, result.stderr);
    const texts = await Promise.all(files.map((f) => readFile(join(dir, out, f), 'utf8')));
    const report = JSON.parse(texts[0]);
    assert.ok(report.timing.seconds >= 0 && report.timing.createdAt);
    texts[0] = JSON.stringify({ ...report, timing: null });
    texts[3] = texts[3].replace(/<dd class="timing">[^<]*<\/dd>/, '');
    return texts;
  };
  const [a, b] = [await once('a'), await once('b')];
  files.forEach((file, i) => assert.equal(a[i], b[i], file));
});

test('missing, extra and duplicate predictions: one warning line each with a count and the first names', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-eval-'));
  await writeFile(join(dir, 'classes.json'), JSON.stringify(classes));
  const ids = Array.from({ length: 12 }, (_, i) => `g${String(i).padStart(2, '0')}`);
  await labelFolder(join(dir, 'gt'), Object.fromEntries(ids.map((id) => [id, [0, 1]])));
  await labelFolder(join(dir, 'pred'), { g00: [0, 1], 'g01.labels': [0, 1], g01: [1, 1], extra: [0, 0], 'other.labels': [1, 1], 'other.color': [1, 1] });
  const result = await run(dir, '--pred', join(dir, 'pred'), '--gt', join(dir, 'gt'), '--classes', join(dir, 'classes.json'));
  assert.equal(result.code, 1);
  assert.deepEqual(warnings(result.stderr), [
    `warning: 10 of 12 samples have no prediction in "${join(dir, 'pred')}" (<id>.labels.png or <id>.png); first: g02, g03, g04, g05, g06 and 5 more`,
    `warning: 2 prediction file(s) in "${join(dir, 'pred')}" match no ground-truth sample and were not scored: extra.png, other.labels.png`,
    'warning: 1 sample(s) have two prediction files; the first of each was scored: g01.labels.png (not g01.png)',
  ]);
  assert.doesNotMatch(result.stderr, /^error: /m, 'no line per missing sample');
  const report = await readReport(dir);
  assert.equal(report.images.length, 2);
  assert.equal(report.failures.length, 10);
  assert.equal(report.images[1].aAcc, 1, 'g01.labels.png (the semseg predict name) is the one scored');
});

test('--compare of a report with itself says that nothing regressed instead of listing +0.00 rows', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-eval-'));
  await writeFile(join(dir, 'classes.json'), JSON.stringify(classes));
  await labelFolder(join(dir, 'gt'), { x: [0, 0, 1, 1], y: [1, 1, 0, 0] });
  await labelFolder(join(dir, 'pred'), { x: [0, 1, 1, 1], y: [1, 1, 0, 0] });
  assert.equal((await run(dir, '--pred', join(dir, 'pred'), '--gt', join(dir, 'gt'), '--classes', join(dir, 'classes.json'))).code, 0);
  const report = join(dir, 'out', 'report.json');
  const compare = await runCli(['eval', '--compare', report, report]);
  assert.equal(compare.code, 0, compare.stderr);
  assert.match(compare.stdout, /^no class regressed by more than 0\.01 IoU points; 0 improved, 2 within 0\.01$/m);
  assert.match(compare.stdout, /^no image regressed by more than 0\.01 mIoU points \(2 image\(s\) in both reports\)$/m);
  assert.doesNotMatch(compare.stdout, /most regressed|│ a /);
});

test('a 70,000-class table that differs gives one bounded error line, not the whole class lists', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-eval-'));
  const names = Array.from({ length: 70000 }, (_, i) => ({ id: i, name: `class-with-a-long-name-${i}`, color: [0, 0, 0] }));
  const report = (rename: number) => JSON.stringify({ classes: names.map((c) => (c.id === rename ? { ...c, name: 'renamed' } : c)), metrics: {}, images: [] });
  await writeFile(join(dir, 'a.json'), report(-1));
  await writeFile(join(dir, 'b.json'), report(69000));
  const compare = await runCli(['eval', '--compare', join(dir, 'a.json'), join(dir, 'b.json')]);
  assert.equal(compare.code, 2);
  assert.ok(compare.stderr.length < 400, `${compare.stderr.length} characters`);
  assert.match(compare.stderr, /^error: Expected two reports over the same classes for --compare but received 70000 and 70000 classes, first different at id 69000: "class-with-a-long-name-69000" and "renamed" \[INVALID_ARGUMENT\]\n$/);
});

test('a corrupt ground-truth file is blamed as ground truth, a corrupt prediction as prediction, each with a plain cause', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-eval-'));
  await writeFile(join(dir, 'classes.json'), JSON.stringify(classes));
  await labelFolder(join(dir, 'gt'), { x: [0, 1, 1, 0], y: [0, 1, 1, 0], z: [0, 1, 1, 0] });
  await labelFolder(join(dir, 'pred'), { x: [0, 1, 1, 0], y: [0, 1, 1, 0], z: [0, 1, 1, 0] });
  const good = await readFile(join(dir, 'gt', 'x.png'));
  await writeFile(join(dir, 'gt', 'x.png'), good.subarray(0, 30));
  await writeFile(join(dir, 'pred', 'y.png'), '');
  const result = await run(dir, '--pred', join(dir, 'pred'), '--gt', join(dir, 'gt'), '--classes', join(dir, 'classes.json'));
  assert.equal(result.code, 1);
  const errors = result.stderr.split('\n').filter((line) => line.startsWith('error: '));
  assert.equal(errors.length, 2, result.stderr);
  assert.match(errors[0], /^error: x: Expected a decodable label image for ground-truth label file ".*gt[\\/]x\.png" but received a truncated or corrupt PNG \(.+\)$/);
  assert.match(errors[1], /^error: y: Expected a decodable label image for prediction file ".*pred[\\/]y\.png" but received an empty file \(0 bytes\)$/);
});

test('ground truth that is all ignore/void is a warning that says why no metric exists, and exit 1', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-eval-'));
  await writeFile(join(dir, 'classes.json'), JSON.stringify(classes));
  await labelFolder(join(dir, 'gt'), { x: [255, 255, 255] });
  await labelFolder(join(dir, 'pred'), { x: [0, 1, 1] });
  const result = await run(dir, '--pred', join(dir, 'pred'), '--gt', join(dir, 'gt'), '--classes', join(dir, 'classes.json'));
  assert.equal(result.code, 1);
  assert.deepEqual(warnings(result.stderr), ['warning: every ground-truth pixel is ignore/void (255) in the 1 scored image(s): no metric can be computed']);
  assert.deepEqual((await readReport(dir)).warnings, ['every ground-truth pixel is ignore/void (255) in the 1 scored image(s): no metric can be computed']);
});
