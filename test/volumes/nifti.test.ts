import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNifti } from '../../src/io/nifti-read.js';
import { readNiftiFile, writeNiftiFile } from '../../src/io/nifti-file.js';
import { encodeNiftiLabels } from '../../src/formats/nifti-labels.js';
import { parseWindow, windowRange } from '../../src/volumes/window.js';
import { placeSlice, volumeSlice } from '../../src/volumes/slices.js';
import { SemsegError } from '../../src/core/errors.js';

const PYTHON = '/usr/bin/python3';
const nibabel = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import nibabel']).status === 0;
const skipNibabel = nibabel ? false : 'nibabel (python3-nibabel at /usr/bin/python3) is not installed';

function python(script: string, ...args: string[]): unknown {
  return JSON.parse(execFileSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 }));
}

/** nibabel writes the three cases and reports the data (Fortran order) and img.affine of each. */
const PRODUCER = `
import sys, json, numpy as np, nibabel as nib
d = sys.argv[1]
out = {}
rng = np.random.default_rng(7)
# int16 with scl_slope/scl_inter and an oblique sform (sform_code 2) beside a different qform (code 1)
a = rng.integers(-1000, 3000, size=(5, 4, 3)).astype(np.int16)
aff = np.array([[0.9, 0.1, 0, -10], [-0.1, 0.8, 0.05, 20], [0, 0, 2.5, -30], [0, 0, 0, 1]])
img = nib.Nifti1Image(a, aff)
img.header.set_slope_inter(0.5, -1024)
img.set_qform(np.diag([2.0, 3.0, 4.0, 1.0]), code=1)
img.set_sform(aff, code=2)
img.set_data_dtype(np.int16)
nib.save(img, d + '/int16.nii.gz')
# float32 with a qform only (sform_code 0): rotation and qfac -1
b = rng.standard_normal((4, 6, 2)).astype(np.float32)
t = np.array([[0, -1.5, 0, 5], [1.2, 0, 0, -7], [0, 0, -3.0, 9], [0, 0, 0, 1]])
img = nib.Nifti1Image(b, None)
img.set_qform(t, code=1)
img.set_sform(None, code=0)
nib.save(img, d + '/float32.nii')
# float64, 4-D with dim4 = 1, neither qform nor sform (base affine)
c = rng.uniform(0, 100, size=(3, 2, 2, 1))
img = nib.Nifti1Image(c, None)
img.header.set_zooms((1.5, 2.0, 2.5, 1.0))
img.set_qform(None, code=0); img.set_sform(None, code=0)
nib.save(img, d + '/float64.nii')
for name in ['int16.nii.gz', 'float32.nii', 'float64.nii']:
    im = nib.load(d + '/' + name)
    data = np.asarray(im.get_fdata(), dtype=np.float64)
    out[name] = {'data': data.ravel(order='F').tolist(), 'affine': im.affine.tolist(), 'shape': list(im.shape)[:3]}
print(json.dumps(out))
`;

function near(actual: readonly number[], expected: readonly number[], tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance * Math.max(1, Math.abs(expected[i])), `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
}

test('volumes written by nibabel read with its values and img.affine (int16 + scl_slope/inter + sform, float32 + qform, float64 4-D base affine)', { skip: skipNibabel }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-nifti-'));
  const expected = python(PRODUCER, dir) as Record<string, { data: number[]; affine: number[][]; shape: number[] }>;
  for (const [name, want] of Object.entries(expected)) {
    const volume = await readNiftiFile(join(dir, name));
    assert.deepEqual(volume.dims, want.shape, name);
    near(Array.from(volume.data), want.data, 1e-6, `${name} data`);
    near(volume.affine.flat(), want.affine.flat(), 1e-6, `${name} affine`);
  }
  const int16 = await readNiftiFile(join(dir, 'int16.nii.gz'));
  assert.deepEqual([int16.datatype, int16.scaled, int16.spatial.sformCode, int16.spatial.qformCode], ['int16', true, 2, 1]);
});

test('the label volume loads in nibabel with the source affine, shape, pixdim, intent 1002, uint8 and the same labels', { skip: skipNibabel }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-nifti-'));
  python(PRODUCER, dir);
  for (const name of ['int16.nii.gz', 'float32.nii']) {
    const source = await readNiftiFile(join(dir, name));
    const labels = new Uint8Array(source.data.length).map((_, i) => (i * 7) % 5);
    const out = join(dir, `labels-${name}`);
    await writeNiftiFile(out, encodeNiftiLabels({ labels, dims: source.dims, spatial: source.spatial }));
    const script = `
import sys, json, numpy as np, nibabel as nib
im = nib.load(sys.argv[1]); src = nib.load(sys.argv[2]); h = im.header
print(json.dumps({'shape': list(im.shape), 'affine': im.affine.tolist(), 'src': src.affine.tolist(), 'zooms': [float(z) for z in h.get_zooms()],
  'srcZooms': [float(z) for z in src.header.get_zooms()[:3]], 'intent': int(h['intent_code']), 'dtype': str(h.get_data_dtype()),
  'codes': [int(h['qform_code']), int(h['sform_code'])], 'srcCodes': [int(src.header['qform_code']), int(src.header['sform_code'])],
  'labels': np.asarray(im.dataobj).ravel(order='F').tolist(), 'magic': h['magic'].item().decode()}))`;
    const got = python(script, out, join(dir, name)) as Record<string, unknown>;
    assert.deepEqual(got.shape, source.dims);
    assert.deepEqual(got.affine, got.src, `${name}: affine`);
    assert.deepEqual(got.zooms, got.srcZooms);
    assert.deepEqual(got.codes, got.srcCodes);
    assert.deepEqual([got.intent, got.dtype, got.magic], [1002, 'uint8', 'n+1']);
    assert.deepEqual(got.labels, Array.from(labels));
    const file = await readFile(out);
    assert.equal(file[0], name.endsWith('.gz') ? 0x1f : 0x5c, 'gzip for .nii.gz, plain for .nii');
    const raw = name.endsWith('.gz') ? gunzipSync(file) : file;
    assert.deepEqual([raw.readInt32LE(0), raw.readFloatLE(108), raw.readFloatLE(112), raw.readFloatLE(116), raw.length], [348, 352, 1, 0, 352 + labels.length]);
  }
});

test('more than 256 classes are written as uint16 and read back', () => {
  const spatial = { qformCode: 0, sformCode: 1, quatern: [0, 0, 0] as [number, number, number], qoffset: [0, 0, 0] as [number, number, number], srow: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0], pixdim: [1, 1, 1, 1, 0, 0, 0, 0], xyztUnits: 2 };
  const labels = new Uint16Array([0, 300, 65535, 7, 1, 2, 3, 4]);
  const back = readNifti(encodeNiftiLabels({ labels, dims: [2, 2, 2], spatial }));
  assert.equal(back.datatype, 'uint16');
  assert.deepEqual(Array.from(back.data), Array.from(labels));
  assert.deepEqual(back.affine, [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]);
});

test('bad files are DECODE_FAILED, 4-D volumes with dim4 > 1 are refused, the voxel limit is IMAGE_TOO_LARGE', () => {
  const spatial = { qformCode: 0, sformCode: 0, quatern: [0, 0, 0] as [number, number, number], qoffset: [0, 0, 0] as [number, number, number], srow: new Array(12).fill(0), pixdim: [1, 1, 1, 1, 0, 0, 0, 0], xyztUnits: 0 };
  const good = encodeNiftiLabels({ labels: new Uint8Array(24), dims: [2, 3, 4], spatial });
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      assert.ok(error instanceof SemsegError);
      return [error.code, error.message];
    }
    return ['none', ''];
  };
  assert.equal(code(() => readNifti(new TextEncoder().encode('not a volume at all'), { source: 'x.nii' }))[0], 'DECODE_FAILED');
  assert.equal(code(() => readNifti(gzipSync(Buffer.from('garbage'.repeat(80)))))[0], 'DECODE_FAILED');
  assert.equal(code(() => readNifti(good.subarray(0, 360)))[0], 'DECODE_FAILED');
  const fourD = good.slice();
  new DataView(fourD.buffer).setInt16(40, 4, true);
  new DataView(fourD.buffer).setInt16(48, 2, true);
  const [c4, m4] = code(() => readNifti(fourD, { source: 'four.nii' }));
  assert.equal(c4, 'DECODE_FAILED');
  assert.match(m4, /^Expected a 3-D volume .* for four\.nii but received/);
  assert.equal(code(() => readNifti(good, { maxVoxels: 23 }))[0], 'IMAGE_TOO_LARGE');
  assert.equal(code(() => readNifti(gzipSync(good)))[0], 'none');
});

test('windows: level/width, percentiles and none map to 0..255; slices go out and labels come back on the same voxels', () => {
  assert.deepEqual(parseWindow('40/400'), { kind: 'level', level: 40, width: 400 });
  assert.deepEqual(parseWindow('p1/p99'), { kind: 'percentile', low: 1, high: 99 });
  assert.deepEqual(parseWindow('none'), { kind: 'none' });
  for (const bad of ['40', '40/0', 'p99/p1', 'p0/p101', 'auto']) assert.throws(() => parseWindow(bad), /Expected a window/);
  const dims: [number, number, number] = [3, 2, 4];
  const data = Float32Array.from({ length: 24 }, (_, i) => i * 10 - 160);
  const spatial = { qformCode: 0, sformCode: 0, quatern: [0, 0, 0] as [number, number, number], qoffset: [0, 0, 0] as [number, number, number], srow: new Array(12).fill(0), pixdim: [1, 1, 1, 1, 0, 0, 0, 0], xyztUnits: 0 };
  const volume = { dims, data, datatype: 'float32', spatial, affine: [], scaled: false };
  assert.deepEqual(windowRange(volume, parseWindow('40/400')), [-160, 240]);
  assert.deepEqual(windowRange(volume, parseWindow('p0/p100')), [-160, 70]);
  const slice = volumeSlice(volume, 2, 1, [-160, 240]);
  assert.deepEqual([slice.width, slice.height, slice.channels], [3, 2, 1]);
  assert.deepEqual(Array.from(slice.data), [6, 7, 8, 9, 10, 11].map((i) => ((i * 10) / 400) * 255).map((v) => Math.fround(v)));
  for (const axis of [0, 1, 2] as const) {
    const target = new Uint8Array(24);
    for (let k = 0; k < dims[axis]; k++) {
      const s = volumeSlice({ ...volume, data: Float32Array.from({ length: 24 }, (_, i) => i) }, axis, k, [0, 255]);
      placeSlice(target, dims, axis, k, Uint8Array.from(s.data));
    }
    assert.deepEqual(Array.from(target), Array.from({ length: 24 }, (_, i) => i), `axis ${axis}`);
  }
  assert.equal(volumeSlice(volume, 0, 0, [0, 1]).width, 2);
});
