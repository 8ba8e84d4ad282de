/**
 * The voxel -> world affine of a NIfTI-1 header as nibabel computes `img.affine` (header.get_best_affine()):
 * the sform when sform_code > 0, else the qform when qform_code > 0 (quaternion, pixdim and qfac), else the base
 * affine of Analyze (pixdim on the diagonal, x flipped, the volume's centre at the origin).
 */
import type { NiftiSpatial } from './types.js';

function qformAffine(s: NiftiSpatial): number[][] {
  const [b, c, d] = s.quatern;
  // nibabel's fillpositive: a = sqrt(1 - |bcd|^2), 0 when rounding makes that negative.
  const a = Math.sqrt(Math.max(0, 1 - (b * b + c * c + d * d)));
  const r = [
    [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
    [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
    [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b],
  ];
  const qfac = s.pixdim[0] === -1 ? -1 : 1;
  const zooms = [s.pixdim[1], s.pixdim[2], s.pixdim[3] * qfac];
  return [
    ...r.map((row, i) => [row[0] * zooms[0], row[1] * zooms[1], row[2] * zooms[2], s.qoffset[i]]),
    [0, 0, 0, 1],
  ];
}

function baseAffine(s: NiftiSpatial, dims: readonly number[]): number[][] {
  const z = [-s.pixdim[1], s.pixdim[2], s.pixdim[3]];
  const t = z.map((zoom, i) => -((dims[i] - 1) / 2) * zoom);
  return [
    [z[0], 0, 0, t[0]],
    [0, z[1], 0, t[1]],
    [0, 0, z[2], t[2]],
    [0, 0, 0, 1],
  ];
}

export function niftiAffine(s: NiftiSpatial, dims: readonly number[]): number[][] {
  if (s.sformCode > 0) return [s.srow.slice(0, 4), s.srow.slice(4, 8), s.srow.slice(8, 12), [0, 0, 0, 1]];
  if (s.qformCode > 0) return qformAffine(s);
  return baseAffine(s, dims);
}

/** Cubic millimetres of one voxel: |det| of the affine's 3x3 part. */
export function voxelVolumeMm3(affine: readonly (readonly number[])[]): number {
  const [a, b, c] = affine;
  const det = a[0] * (b[1] * c[2] - b[2] * c[1]) - a[1] * (b[0] * c[2] - b[2] * c[0]) + a[2] * (b[0] * c[1] - b[1] * c[0]);
  return Math.abs(det);
}

/** Voxel size along i, j, k in mm: the lengths of the affine's first three columns (nibabel's `header.get_zooms()`). */
export function voxelSpacingMm(affine: readonly (readonly number[])[]): [number, number, number] {
  const column = (c: number) => Math.hypot(affine[0][c], affine[1][c], affine[2][c]);
  return [column(0), column(1), column(2)];
}
