import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { SemsegError } from '../../src/core/errors.js';
import { surfaceDistances, volumeOverlap, type VolumeDims, type VoxelSpacing } from '../../src/metrics/index.js';

type Vec3 = [number, number, number];
type Shape =
  | { kind: 'box'; label: number; min: Vec3; max: Vec3 }
  | { kind: 'sphere'; label: number; center: Vec3; radius: number }
  | { kind: 'points'; label: number; points: Vec3[] };
type Num = number | 'Infinity';
interface Case {
  name: string;
  dims: Vec3;
  spacing: Vec3;
  classId: number;
  pred: Shape[];
  truth: Shape[];
  expected: { dice: number; iou: number; predVoxels: number; truthVoxels: number; hd95: Num; assd: Num; hausdorff: Num };
}

const fixture = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/metrics/surface-distance.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

/** Same painting as tools/metrics/surface_distance_reference.py build(); x fastest. */
function build(dims: Vec3, shapes: Shape[]): Uint16Array {
  const [X, Y, Z] = dims;
  const vol = new Uint16Array(X * Y * Z);
  for (const s of shapes) {
    if (s.kind === 'points') {
      for (const [x, y, z] of s.points) vol[x + X * (y + Y * z)] = s.label;
      continue;
    }
    for (let z = 0; z < Z; z++) {
      for (let y = 0; y < Y; y++) {
        for (let x = 0; x < X; x++) {
          const inside =
            s.kind === 'box'
              ? x >= s.min[0] && x < s.max[0] && y >= s.min[1] && y < s.max[1] && z >= s.min[2] && z < s.max[2]
              : (x - s.center[0]) ** 2 + (y - s.center[1]) ** 2 + (z - s.center[2]) ** 2 <= s.radius * s.radius;
          if (inside) vol[x + X * (y + Y * z)] = s.label;
        }
      }
    }
  }
  return vol;
}

const num = (v: Num): number => (v === 'Infinity' ? Infinity : v);
function close(actual: number, want: number, tol: number, what: string): void {
  if (want === Infinity) assert.equal(actual, Infinity, what);
  else assert.ok(Math.abs(actual - want) <= tol, `${what}: ${actual} vs ${want}`);
}

describe('surfaceDistances / volumeOverlap', () => {
  for (const c of fixture.cases) {
    it(`matches the scipy oracle: ${c.name}`, () => {
      const pred = build(c.dims, c.pred);
      const truth = build(c.dims, c.truth);
      const o = volumeOverlap(pred, truth, c.classId);
      assert.equal(o.predVoxels, c.expected.predVoxels);
      assert.equal(o.truthVoxels, c.expected.truthVoxels);
      close(o.dice, c.expected.dice, 1e-12, 'dice');
      close(o.iou, c.expected.iou, 1e-12, 'iou');
      const d = surfaceDistances(pred, truth, c.dims, c.spacing, c.classId);
      close(d.hd95, num(c.expected.hd95), 1e-6, 'hd95');
      close(d.assd, num(c.expected.assd), 1e-6, 'assd');
      close(d.hausdorff, num(c.expected.hausdorff), 1e-6, 'hausdorff');
    });
  }

  it('identical masks give 0 distances and dice 1', () => {
    const dims: Vec3 = [20, 22, 12];
    const vol = build(dims, [{ kind: 'sphere', label: 3, center: [10, 11, 6], radius: 5.5 }]);
    assert.deepEqual(surfaceDistances(vol, vol.slice(), dims, [0.8, 0.8, 2.5], 3), { hd95: 0, assd: 0, hausdorff: 0 });
    assert.equal(volumeOverlap(vol, vol, 3).dice, 1);
  });

  it('a cube shifted by k voxels along z has hausdorff k * sz', () => {
    const dims: Vec3 = [16, 16, 30];
    for (const k of [1, 2, 5]) {
      for (const sz of [1, 2.5, 0.7]) {
        const a = build(dims, [{ kind: 'box', label: 1, min: [4, 4, 4], max: [12, 12, 14] }]);
        const b = build(dims, [{ kind: 'box', label: 1, min: [4, 4, 4 + k], max: [12, 12, 14 + k] }]);
        const d = surfaceDistances(a, b, dims, [0.8, 0.8, sz], 1);
        close(d.hausdorff, k * sz, 1e-9, `k=${k} sz=${sz}`);
      }
    }
  });

  it('is fast on a 256x256x64 volume', () => {
    const dims: VolumeDims = [256, 256, 64];
    const spacing: VoxelSpacing = [0.8, 0.8, 2.5];
    const a = build([...dims], [{ kind: 'sphere', label: 1, center: [128, 128, 32], radius: 60 }]);
    const b = build([...dims], [{ kind: 'sphere', label: 1, center: [131, 126, 33], radius: 55 }]);
    const t0 = performance.now();
    const d = surfaceDistances(a, b, dims, spacing, 1);
    const ms = performance.now() - t0;
    assert.ok(Number.isFinite(d.hd95) && d.hausdorff > 0);
    assert.ok(ms < 5000, `${ms} ms`);
  });

  it('rejects bad input with SemsegError', () => {
    const v = new Uint8Array(8);
    assert.throws(() => surfaceDistances(v, v, [2, 2, 3], [1, 1, 1], 1), SemsegError);
    assert.throws(() => surfaceDistances(v, v, [2, 2, 2], [1, 0, 1], 1), SemsegError);
    assert.throws(() => volumeOverlap(v, new Uint8Array(7), 1), SemsegError);
    assert.throws(() => volumeOverlap(v, v, -1), SemsegError);
  });
});
