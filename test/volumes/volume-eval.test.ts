import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runCli } from '../helpers/run-cli.js';
import { encodeNiftiLabels } from '../../src/formats/nifti-labels.js';
import type { NiftiSpatial } from '../../src/volumes/types.js';

const PYTHON = '/usr/bin/python3';
const ORACLE = new URL('../../../tools/metrics/volume_eval_reference.py', import.meta.url).pathname;
const hasOracle = existsSync(PYTHON) && (() => {
  try {
    execFileSync(PYTHON, ['-c', 'import nibabel, scipy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const skipOracle = hasOracle ? false : 'the oracle needs nibabel and scipy (python3-nibabel, python3-scipy at /usr/bin/python3)';

const DIMS: [number, number, number] = [30, 26, 12];
const SPACING: [number, number, number] = [0.8, 0.8, 2.5];
const spatial: NiftiSpatial = {
  qformCode: 0,
  sformCode: 1,
  quatern: [0, 0, 0],
  qoffset: [0, 0, 0],
  srow: [SPACING[0], 0, 0, -12, 0, SPACING[1], 0, 7, 0, 0, SPACING[2], 3],
  pixdim: [1, ...SPACING, 0, 0, 0, 0],
  xyztUnits: 2,
};

/** Class 1: a sphere; class 2: a box; painted in order (in voxel units). */
function paint(center: number[], radius: number, boxLo: number[], boxHi: number[], extra?: number[]): Uint8Array {
  const [X, Y, Z] = DIMS;
  const labels = new Uint8Array(X * Y * Z);
  for (let z = 0; z < Z; z++)
    for (let y = 0; y < Y; y++)
      for (let x = 0; x < X; x++) {
        const i = x + X * (y + Y * z);
        if ((x - center[0]) ** 2 + (y - center[1]) ** 2 + ((z - center[2]) * 2) ** 2 <= radius ** 2) labels[i] = 1;
        if (x >= boxLo[0] && x < boxHi[0] && y >= boxLo[1] && y < boxHi[1] && z >= boxLo[2] && z < boxHi[2]) labels[i] = 2;
        if (extra && x === extra[0] && y === extra[1] && z === extra[2]) labels[i] = 3;
      }
  return labels;
}

const write = (path: string, labels: Uint8Array) => writeFile(path, gzipSync(encodeNiftiLabels({ labels, dims: DIMS, spatial })));

test('semseg eval on label volumes: per-structure Dice, IoU, HD95, ASSD, Hausdorff and mL equal the nibabel + scipy oracle', { skip: skipOracle }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-volume-eval-'));
  const [gt, pred] = [join(dir, 'gt'), join(dir, 'pred')];
  await mkdir(gt);
  await mkdir(pred);
  await write(join(gt, 'a.nii.gz'), paint([14, 12, 6], 8, [2, 2, 1], [9, 8, 5]));
  await write(join(pred, 'a.labels.nii.gz'), paint([15, 11, 6], 7, [3, 2, 1], [10, 9, 6], [25, 20, 10]));
  await write(join(gt, 'b.nii.gz'), paint([10, 10, 5], 5, [20, 15, 6], [28, 24, 11]));
  await write(join(pred, 'b.nii.gz'), paint([11, 10, 5], 6, [0, 0, 0], [0, 0, 0]));
  await write(join(gt, 'c.nii.gz'), paint([10, 10, 5], 5, [0, 0, 0], [1, 1, 1]));
  await writeFile(join(dir, 'classes.json'), JSON.stringify({ classes: [{ id: 0, name: 'background' }, { id: 1, name: 'sphere' }, { id: 2, name: 'box' }, { id: 3, name: 'speck' }] }));
  const out = join(dir, 'report');
  const run = await runCli(['eval', '--pred', pred, '--gt', gt, '--classes', join(dir, 'classes.json'), '--out', out]);
  assert.equal(run.code, 1, 'volume c has no prediction: exit 1, the others scored');
  assert.match(run.stderr, /error: c: Expected a --pred volume with the stem "c"/);
  const report = JSON.parse(await readFile(join(out, 'volumes.json'), 'utf8'));
  assert.deepEqual(report.volumes.map((v: { id: string }) => v.id), ['a', 'b']);
  assert.deepEqual(report.failures.map((f: { id: string; code: string }) => [f.id, f.code]), [['c', 'DATASET_INVALID']]);
  const voxelMl = (SPACING[0] * SPACING[1] * SPACING[2]) / 1000;
  for (const [id, predFile] of [['a', 'a.labels.nii.gz'], ['b', 'b.nii.gz']]) {
    const oracle = JSON.parse(execFileSync(PYTHON, [ORACLE, join(pred, predFile), join(gt, `${id}.nii.gz`), '0', '1', '2', '3'], { encoding: 'utf8' }));
    assert.deepEqual(oracle.spacing.map((s: number) => Number(s.toFixed(6))), SPACING);
    const ours = report.volumes.find((v: { id: string }) => v.id === id);
    for (const expected of oracle.structures) {
      const got = ours.structures.find((s: { id: number }) => s.id === expected.id);
      for (const key of ['dice', 'iou', 'hd95', 'assd', 'hausdorff']) {
        if (expected[key] === null) assert.equal(got[key], null, `${id} class ${expected.id} ${key}: one mask empty`);
        else assert.ok(Math.abs(got[key] - expected[key]) <= 1e-5 * Math.max(1, expected[key]), `${id} class ${expected.id} ${key}: ${got[key]} vs oracle ${expected[key]}`);
      }
      // The header stores voxel sizes as float32: mL agree to float32 precision.
      const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(b, 1e-9);
      assert.ok(close(got.predMl, expected.predVoxels * voxelMl) && close(got.truthMl, expected.truthVoxels * voxelMl), `${id} class ${expected.id} mL`);
    }
  }
  const speck = report.structures.find((s: { name: string }) => s.name === 'speck');
  assert.deepEqual([speck.unmatched, speck.meanHd95], [1, 0], 'a: speck only predicted (infinite, left out); b: absent from both (0)');
  const csv = (await readFile(join(out, 'volumes.csv'), 'utf8')).trim().split('\n');
  assert.equal(csv.length, 1 + 2 * 4);
  assert.match(csv[0], /^volume,id,name,dice,iou,hd95_mm,assd_mm,hausdorff_mm,pred_ml,truth_ml$/);
  assert.ok(csv.some((line) => /^a,3,speck,0,0,inf,inf,inf,/.test(line)));
  assert.match(run.stdout, /2 volume\(s\), means over volumes/);
});

test('semseg eval --model membrane --images <volume> --gt <label volume> runs the model and scores it; grid mismatches are coded', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-volume-eval-'));
  const image = new Uint8Array(DIMS[0] * DIMS[1] * DIMS[2]).map((_, i) => ((i % 7) * 30 + 20) & 0xff);
  await write(join(dir, 'stack.nii.gz'), image);
  await mkdir(join(dir, 'gt'));
  await write(join(dir, 'gt', 'stack.nii.gz'), new Uint8Array(image.length).map((_, i) => (image[i] > 100 ? 1 : 0)));
  const run = await runCli(['eval', '--model', 'membrane', '--images', join(dir, 'stack.nii.gz'), '--gt', join(dir, 'gt'), '--out', join(dir, 'r'), '--workers', '1']);
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(await readFile(join(dir, 'r', 'volumes.json'), 'utf8'));
  assert.deepEqual(report.structures.map((s: { name: string }) => s.name), ['membrane', 'interior']);
  for (const s of report.volumes[0].structures) assert.ok(s.dice >= 0 && s.dice <= 1);
  const small = new Uint8Array(10 * 10 * 2);
  await writeFile(join(dir, 'small.nii.gz'), gzipSync(encodeNiftiLabels({ labels: small, dims: [10, 10, 2], spatial })));
  const mismatch = await runCli(['eval', '--pred', join(dir, 'small.nii.gz'), '--gt', join(dir, 'gt', 'stack.nii.gz'), '--model', 'membrane', '--out', join(dir, 'r2')]);
  assert.equal(mismatch.code, 1);
  assert.match(mismatch.stderr, /Expected a --pred volume with the stem "stack"/);
});
