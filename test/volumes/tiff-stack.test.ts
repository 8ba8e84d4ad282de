import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { runCli } from '../helpers/run-cli.js';
import { isTiffStack, readTiffStack } from '../../src/io/tiff-stack.js';
import { encodeTiffStackLabels } from '../../src/formats/tiff-stack-labels.js';
import { readNiftiFile } from '../../src/io/nifti-file.js';

const [NX, NY, NZ] = [40, 24, 3];

function voxels(): Uint8Array {
  const v = new Uint8Array(NX * NY * NZ);
  for (let i = 0; i < v.length; i++) v[i] = (Math.sin(i * 0.37) * 90 + ((i >> 3) % 7) * 20 + 40) & 0xff;
  return v;
}

const stackTiff = (data: Uint8Array | Uint16Array, pages: number, path: string) =>
  sharp(data, { raw: { width: NX, height: NY * pages, channels: 1, pageHeight: NY } }).toColourspace(data instanceof Uint16Array ? 'grey16' : 'b-w').tiff({ compression: 'deflate' }).toFile(path);

test('a multi-page TIFF reads as a volume: page k is slice k, pixel (x, y) is voxel (x, y, k); 16-bit samples kept', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-tiff-stack-'));
  const wide = new Uint16Array(NX * NY * NZ).map((_, i) => (i * 37) % 65536);
  await stackTiff(wide, NZ, join(dir, 'wide.tif'));
  assert.equal(await isTiffStack(join(dir, 'wide.tif')), true);
  const volume = await readTiffStack(join(dir, 'wide.tif'), { spacing: [0.5, 0.5, 2] });
  assert.deepEqual(volume.dims, [NX, NY, NZ]);
  assert.equal(volume.datatype, 'uint16');
  assert.deepEqual(Array.from(volume.data), Array.from(wide));
  assert.deepEqual(volume.affine, [[0.5, 0, 0, 0], [0, 0.5, 0, 0], [0, 0, 2, 0], [0, 0, 0, 1]]);
  await assert.rejects(readTiffStack(join(dir, 'wide.tif'), { maxVoxels: 100 }), { code: 'IMAGE_TOO_LARGE' });
});

test('a single-page TIFF, a pyramid (pages of shrinking sizes) and a PNG are not stacks; the label writer round-trips', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-tiff-stack-'));
  await sharp(voxels().subarray(0, NX * NY), { raw: { width: NX, height: NY, channels: 1 } }).tiff().toFile(join(dir, 'one.tif'));
  await sharp(voxels().subarray(0, NX * NY), { raw: { width: NX, height: NY, channels: 1 } }).tiff({ pyramid: true, tile: true, tileWidth: 16, tileHeight: 16 }).toFile(join(dir, 'pyramid.tif'));
  await sharp(voxels().subarray(0, NX * NY), { raw: { width: NX, height: NY, channels: 1 } }).png().toFile(join(dir, 'a.tif.png'));
  assert.equal((await sharp(join(dir, 'pyramid.tif')).metadata()).pages! > 1, true, 'the pyramid has several pages');
  for (const name of ['one.tif', 'pyramid.tif', 'a.tif.png']) assert.equal(await isTiffStack(join(dir, name)), false, name);
  const labels = new Uint16Array(NX * NY * NZ).map((_, i) => i % 300);
  await writeFile(join(dir, 'labels.tif'), await encodeTiffStackLabels(labels, [NX, NY, NZ]));
  const back = await readTiffStack(join(dir, 'labels.tif'));
  assert.deepEqual(Array.from(back.data), Array.from(labels));
});

test('semseg predict stack.tif --model membrane writes a label stack and JSON equal to the NIfTI run of the same slices', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-tiff-stack-'));
  await stackTiff(voxels(), NZ, join(dir, 'stack.tif'));
  const out = join(dir, 'out');
  const run = await runCli(['predict', join(dir, 'stack.tif'), '--model', 'membrane', '--spacing', '0.5,0.5,2', '--out', out, '--workers', '1']);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual((await readdir(out)).sort(), ['stack.json', 'stack.labels.tif', 'summary.json']);
  const nifti = await runCli(['predict', join(dir, 'stack.tif'), '--model', 'membrane', '--spacing', '0.5,0.5,2', '--outputs', 'nifti', '--out', join(dir, 'nii'), '--workers', '1']);
  assert.equal(nifti.code, 0, nifti.stderr);
  const fromTiff = await readTiffStack(join(out, 'stack.labels.tif'));
  const fromNifti = await readNiftiFile(join(dir, 'nii', 'stack.labels.nii.gz'));
  assert.deepEqual(fromNifti.affine, [[0.5, 0, 0, 0], [0, 0.5, 0, 0], [0, 0, 2, 0], [0, 0, 0, 1]]);
  assert.deepEqual(Array.from(fromTiff.data), Array.from(fromNifti.data));
  const json = JSON.parse(await readFile(join(out, 'stack.json'), 'utf8'));
  assert.deepEqual([json.dims, json.voxelMm3], [[NX, NY, NZ], 0.5]);
  assert.ok(new Set(fromTiff.data).size >= 2, 'both classes appear');
  const bad = await runCli(['predict', join(dir, 'stack.tif'), '--model', 'membrane', '--spacing', '0.5,-1,2', '--out', join(dir, 'bad')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /three positive numbers x,y,z \(mm\) for --spacing/);
});
