import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { runCli } from '../helpers/run-cli.js';
import { readNiftiFile } from '../../src/io/nifti-file.js';
import { encodeNiftiLabels } from '../../src/formats/nifti-labels.js';

const [NX, NY, NZ] = [64, 48, 3];

test('semseg predict vol.nii.gz --model membrane: label volume equals the model on the same slices as PNGs; JSON has mL', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-volume-cli-'));
  const voxels = new Uint8Array(NX * NY * NZ);
  for (let i = 0; i < voxels.length; i++) voxels[i] = (Math.sin(i * 0.37) * 90 + ((i >> 3) % 7) * 20 + 40) & 0xff;
  // An sform of 0.5 x 0.5 x 2 mm voxels: 0.5 mm^3 per voxel.
  const spatial = { qformCode: 0, sformCode: 1, quatern: [0, 0, 0] as [number, number, number], qoffset: [0, 0, 0] as [number, number, number], srow: [0.5, 0, 0, -10, 0, 0.5, 0, 5, 0, 0, 2, 1], pixdim: [1, 0.5, 0.5, 2, 0, 0, 0, 0], xyztUnits: 2 };
  await writeFile(join(dir, 'vol.nii.gz'), gzipSync(encodeNiftiLabels({ labels: voxels, dims: [NX, NY, NZ], spatial })));
  const pngs = join(dir, 'pngs');
  await mkdir(pngs);
  for (let k = 0; k < NZ; k++) {
    await sharp(voxels.subarray(k * NX * NY, (k + 1) * NX * NY), { raw: { width: NX, height: NY, channels: 1 } }).png().toFile(join(pngs, `slice${k}.png`));
  }
  const out = join(dir, 'out');
  const volume = await runCli(['predict', join(dir, 'vol.nii.gz'), '--model', 'membrane', '--outputs', 'nifti,json', '--out', out, '--workers', '1']);
  assert.equal(volume.code, 0, volume.stderr);
  assert.deepEqual((await readdir(out)).sort(), ['summary.json', 'vol.json', 'vol.labels.nii.gz']);
  const images = await runCli(['predict', pngs, '--model', 'membrane', '--outputs', 'labels', '--out', join(dir, 'png-out'), '--workers', '1']);
  assert.equal(images.code, 0, images.stderr);
  const labels = await readNiftiFile(join(out, 'vol.labels.nii.gz'));
  assert.deepEqual(labels.dims, [NX, NY, NZ]);
  assert.deepEqual(labels.affine, [[0.5, 0, 0, -10], [0, 0.5, 0, 5], [0, 0, 2, 1], [0, 0, 0, 1]]);
  for (let k = 0; k < NZ; k++) {
    const png = await sharp(join(dir, 'png-out', `slice${k}.labels.png`)).extractChannel(0).raw().toBuffer();
    assert.deepEqual(Array.from(labels.data.subarray(k * NX * NY, (k + 1) * NX * NY)), Array.from(png), `slice ${k}`);
  }
  const json = JSON.parse(await readFile(join(out, 'vol.json'), 'utf8'));
  assert.deepEqual([json.dims, json.axis, json.window, json.voxelMm3], [[NX, NY, NZ], 2, 'none', 0.5]);
  const total = json.classes.reduce((s: number, c: { voxels: number }) => s + c.voxels, 0);
  assert.equal(total, NX * NY * NZ);
  for (const c of json.classes) assert.equal(c.millilitres, (c.voxels * 0.5) / 1000);
});

test('semseg predict refuses a mix of volumes and images, and nifti output for images', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-volume-cli-'));
  await sharp(Buffer.alloc(64 * 64), { raw: { width: 64, height: 64, channels: 1 } }).png().toFile(join(dir, 'a.png'));
  await writeFile(join(dir, 'b.nii'), 'not a volume');
  const mixed = await runCli(['predict', join(dir, 'a.png'), join(dir, 'b.nii'), '--model', 'membrane', '--out', join(dir, 'o1')]);
  assert.equal(mixed.code, 2, mixed.stderr);
  assert.match(mixed.stderr, /only volumes or only images/);
  const niftiForImage = await runCli(['predict', join(dir, 'a.png'), '--model', 'membrane', '--outputs', 'nifti', '--out', join(dir, 'o2')]);
  assert.equal(niftiForImage.code, 2, niftiForImage.stderr);
  const broken = await runCli(['predict', join(dir, 'b.nii'), '--model', 'membrane', '--out', join(dir, 'o3'), '--workers', '1']);
  assert.equal(broken.code, 1, broken.stderr);
  assert.match(broken.stderr, /error: .*b\.nii: Expected a NIfTI-1 volume .*\[DECODE_FAILED\]/);
});

test('2.5-D: --context 1 feeds slices k-1, k, k+1 as the channels of a 3-channel model (edges repeated); a wrong channel count is refused', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-volume-cli-'));
  const voxels = new Uint8Array(NX * NY * NZ);
  for (let i = 0; i < voxels.length; i++) voxels[i] = (Math.sin(i * 0.11) * 100 + ((i >> 4) % 5) * 25 + 60) & 0xff;
  const spatial = { qformCode: 0, sformCode: 1, quatern: [0, 0, 0] as [number, number, number], qoffset: [0, 0, 0] as [number, number, number], srow: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0], pixdim: [1, 1, 1, 1, 0, 0, 0, 0], xyztUnits: 2 };
  await writeFile(join(dir, 'vol.nii'), encodeNiftiLabels({ labels: voxels, dims: [NX, NY, NZ], spatial }));
  const slab = join(dir, 'slabs');
  await mkdir(slab);
  const slice = (k: number) => voxels.subarray(Math.min(NZ - 1, Math.max(0, k)) * NX * NY).subarray(0, NX * NY);
  for (let k = 0; k < NZ; k++) {
    const rgb = new Uint8Array(NX * NY * 3);
    for (let p = 0; p < NX * NY; p++) [rgb[3 * p], rgb[3 * p + 1], rgb[3 * p + 2]] = [slice(k - 1)[p], slice(k)[p], slice(k + 1)[p]];
    await sharp(rgb, { raw: { width: NX, height: NY, channels: 3 } }).png().toFile(join(slab, `slab${k}.png`));
  }
  const run = await runCli(['predict', join(dir, 'vol.nii'), '--model', 'street', '--context', '1', '--out', join(dir, 'out'), '--workers', '1']);
  assert.equal(run.code, 0, run.stderr);
  const images = await runCli(['predict', slab, '--model', 'street', '--outputs', 'labels', '--out', join(dir, 'png-out'), '--workers', '1']);
  assert.equal(images.code, 0, images.stderr);
  const labels = await readNiftiFile(join(dir, 'out', 'vol.labels.nii'));
  for (let k = 0; k < NZ; k++) {
    const png = await sharp(join(dir, 'png-out', `slab${k}.labels.png`)).extractChannel(0).raw().toBuffer();
    assert.deepEqual(Array.from(labels.data.subarray(k * NX * NY, (k + 1) * NX * NY)), Array.from(png), `slab ${k}`);
  }
  assert.equal(JSON.parse(await readFile(join(dir, 'out', 'vol.json'), 'utf8')).context, 1);
  const wrong = await runCli(['predict', join(dir, 'vol.nii'), '--model', 'membrane', '--context', '1', '--out', join(dir, 'o2'), '--workers', '1']);
  assert.equal(wrong.code, 2, 'refused before any volume is read');
  assert.match(wrong.stderr, /Expected a model taking 3 channels \(2 x context \+ 1 slices\) for context 1 but membrane takes 1 \[INVALID_ARGUMENT\]/);
});

test("the card's volume defaults (axis, window) apply below the flags; a bad card window is refused", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-volume-cli-'));
  const card = JSON.parse(await readFile(new URL('../../../models/membrane/card.json', import.meta.url), 'utf8'));
  await writeFile(join(dir, 'card.json'), JSON.stringify({ ...card, volume: { axis: 'j', window: 'p5/p95' } }));
  await writeFile(join(dir, 'bad-card.json'), JSON.stringify({ ...card, volume: { window: '40-400' } }));
  const voxels = new Uint8Array(NX * NY * NZ).map((_, i) => (i * 13) & 0xff);
  const spatial = { qformCode: 0, sformCode: 1, quatern: [0, 0, 0] as [number, number, number], qoffset: [0, 0, 0] as [number, number, number], srow: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0], pixdim: [1, 1, 1, 1, 0, 0, 0, 0], xyztUnits: 2 };
  await writeFile(join(dir, 'vol.nii'), encodeNiftiLabels({ labels: voxels, dims: [NX, NY, NZ], spatial }));
  const model = join(dir, 'membrane.onnx');
  await writeFile(model, await readFile(new URL('../../../models/membrane/model.onnx', import.meta.url)));
  const byCard = await runCli(['predict', join(dir, 'vol.nii'), '--model', model, '--card', join(dir, 'card.json'), '--outputs', 'json', '--out', join(dir, 'a'), '--workers', '1']);
  assert.equal(byCard.code, 0, byCard.stderr);
  const a = JSON.parse(await readFile(join(dir, 'a', 'vol.json'), 'utf8'));
  assert.deepEqual([a.axis, a.window], [1, 'p5/p95']);
  const byFlag = await runCli(['predict', join(dir, 'vol.nii'), '--model', model, '--card', join(dir, 'card.json'), '--axis', 'k', '--window', 'none', '--outputs', 'json', '--out', join(dir, 'b'), '--workers', '1']);
  assert.equal(byFlag.code, 0, byFlag.stderr);
  const b = JSON.parse(await readFile(join(dir, 'b', 'vol.json'), 'utf8'));
  assert.deepEqual([b.axis, b.window], [2, 'none']);
  const bad = await runCli(['predict', join(dir, 'vol.nii'), '--model', model, '--card', join(dir, 'bad-card.json'), '--out', join(dir, 'c')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /volume\.window/);
});
