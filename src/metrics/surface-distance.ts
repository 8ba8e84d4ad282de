/**
 * Per-structure volume metrics as the Medical Segmentation Decathlon / nnU-Net / MONAI report them, for one class
 * of two 3-D label volumes.
 *
 * Layout: `dims` is [x, y, z] (= [width, height, depth]), row-major with x fastest: voxel (x, y, z) sits at index
 * x + dims[0] * (y + dims[1] * z). `spacing` is [sx, sy, sz] in mm along the same axes.
 *
 * Surfaces: the surface of a mask is its voxels with at least one 6-neighbour (face connectivity) outside the
 * mask; outside the volume counts as outside (scipy `binary_erosion` with a 6-connected structure and
 * border_value=0, then mask AND NOT eroded).
 *
 * Distances: for each surface voxel of A, the Euclidean distance in mm (anisotropic spacing) to the nearest
 * surface voxel of B, and vice versa — read from an exact Euclidean distance transform of the other surface
 * (separable Felzenszwalb–Huttenlocher lower envelope, O(n) per line), never brute force.
 *
 * Convention (the same as MONAI `compute_hausdorff_distance(percentile=95)` and the Python oracle
 * tools/metrics/surface_distance_reference.py):
 *   hd95      = max(P95(d(pred→truth)), P95(d(truth→pred))), P95 the numpy default (linear interpolation between
 *               order statistics: rank q/100 * (n - 1) of the sorted distances);
 *   hausdorff = max of all distances of both directions;
 *   assd      = mean of all distances of both directions taken together (MONAI symmetric average surface distance).
 * Empty masks: both empty → all distances 0 (and dice = iou = 1); exactly one empty → all distances Infinity
 * (dice = iou = 0).
 */
import { expected } from '../core/errors.js';

export type VolumeLabels = Uint8Array | Uint16Array;
/** [x, y, z] = [width, height, depth]; x varies fastest. */
export type VolumeDims = readonly [number, number, number];
/** Voxel size in mm along x, y, z. */
export type VoxelSpacing = readonly [number, number, number];

export interface VolumeOverlap {
  dice: number;
  iou: number;
  predVoxels: number;
  truthVoxels: number;
}

export interface SurfaceDistances {
  /** mm; max of the two directed 95th percentiles (see the file header). */
  hd95: number;
  /** mm; mean over both directed distance sets together. */
  assd: number;
  /** mm; max over both directions. */
  hausdorff: number;
}

function checkLabels(pred: VolumeLabels, truth: VolumeLabels, classId: number): void {
  if (!(pred instanceof Uint8Array || pred instanceof Uint16Array)) throw expected('a Uint8Array or Uint16Array', 'pred', pred);
  if (!(truth instanceof Uint8Array || truth instanceof Uint16Array)) {
    throw expected('a Uint8Array or Uint16Array', 'truth', truth);
  }
  if (truth.length !== pred.length) throw expected(`${pred.length} voxels (as pred)`, 'truth.length', truth.length);
  if (!(Number.isInteger(classId) && classId >= 0 && classId <= 0xffff)) {
    throw expected('an integer in [0, 65535]', 'classId', classId);
  }
}

/** Dice and IoU of pred == classId against truth == classId (both empty → 1). No layout needed. */
export function volumeOverlap(pred: VolumeLabels, truth: VolumeLabels, classId: number): VolumeOverlap {
  checkLabels(pred, truth, classId);
  let p = 0;
  let t = 0;
  let both = 0;
  for (let i = 0; i < pred.length; i++) {
    const a = pred[i] === classId;
    const b = truth[i] === classId;
    if (a) p++;
    if (b) t++;
    if (a && b) both++;
  }
  if (p + t === 0) return { dice: 1, iou: 1, predVoxels: 0, truthVoxels: 0 };
  return { dice: (2 * both) / (p + t), iou: both / (p + t - both), predVoxels: p, truthVoxels: t };
}

/** Sets bit `bit` of out[i] where voxel i is a surface voxel of labels == classId. Returns the count. */
function markSurface(labels: VolumeLabels, classId: number, X: number, Y: number, Z: number, out: Uint8Array, bit: number): number {
  const XY = X * Y;
  let count = 0;
  for (let z = 0, i = 0; z < Z; z++) {
    for (let y = 0; y < Y; y++) {
      for (let x = 0; x < X; x++, i++) {
        if (labels[i] !== classId) continue;
        const surface =
          x === 0 || x === X - 1 || y === 0 || y === Y - 1 || z === 0 || z === Z - 1 ||
          labels[i - 1] !== classId || labels[i + 1] !== classId ||
          labels[i - X] !== classId || labels[i + X] !== classId ||
          labels[i - XY] !== classId || labels[i + XY] !== classId;
        if (surface) {
          out[i] |= bit;
          count++;
        }
      }
    }
  }
  return count;
}

interface Scratch {
  f: Float64Array;
  d: Float64Array;
  v: Int32Array;
  zb: Float64Array;
}

/**
 * 1-D squared distance transform of line f[0..n) (Infinity = no feature) with sample spacing s, into d. Lower
 * envelope of the parabolas (p*s - q*s)^2 + f[q] over the finite f[q] only (Felzenszwalb & Huttenlocher 2012).
 */
function transformLine(n: number, s: number, sc: Scratch): void {
  const { f, d, v, zb } = sc;
  let k = -1;
  for (let q = 0; q < n; q++) {
    const fq = f[q];
    if (fq === Infinity) continue;
    const qs = q * s;
    if (k < 0) {
      k = 0;
      v[0] = q;
      zb[0] = -Infinity;
      zb[1] = Infinity;
      continue;
    }
    let cut: number;
    for (;;) {
      const r = v[k];
      const rs = r * s;
      cut = (fq + qs * qs - (f[r] + rs * rs)) / (2 * (qs - rs));
      // zb[0] = -Infinity, so this stops at k = 0 at the latest.
      if (cut <= zb[k]) k--;
      else break;
    }
    k++;
    v[k] = q;
    zb[k] = cut;
    zb[k + 1] = Infinity;
  }
  if (k < 0) {
    for (let p = 0; p < n; p++) d[p] = Infinity;
    return;
  }
  let j = 0;
  for (let p = 0; p < n; p++) {
    const ps = p * s;
    while (zb[j + 1] < ps) j++;
    const r = v[j];
    const diff = ps - r * s;
    d[p] = diff * diff + f[r];
  }
}

/** In place: dist holds 0 at features and Infinity elsewhere on entry, squared mm distances on return. */
function squaredEdt(dist: Float64Array, X: number, Y: number, Z: number, spacing: VoxelSpacing, sc: Scratch): void {
  const axes: [number, number, number][] = [
    // [line length, stride along the line, spacing]
    [X, 1, spacing[0]],
    [Y, X, spacing[1]],
    [Z, X * Y, spacing[2]],
  ];
  for (const [n, stride, s] of axes) {
    if (n === 1) continue;
    // Enumerate line starts: all indices whose coordinate along this axis is 0.
    const outer = stride === 1 ? Y * Z : stride === X ? Z : 1;
    const inner = stride === 1 ? 1 : stride === X ? X : X * Y;
    const outerStride = stride === 1 ? X : X * Y;
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const start = o * outerStride + i;
        for (let p = 0, idx = start; p < n; p++, idx += stride) sc.f[p] = dist[idx];
        transformLine(n, s, sc);
        for (let p = 0, idx = start; p < n; p++, idx += stride) dist[idx] = sc.d[p];
      }
    }
  }
}

/** numpy.percentile(values, q) with the default linear interpolation; sorts values in place. */
function percentile(values: Float64Array, q: number): number {
  values.sort();
  const rank = (q / 100) * (values.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(lo + 1, values.length - 1);
  return values[lo] + (rank - lo) * (values[hi] - values[lo]);
}

function checkGeometry(length: number, dims: VolumeDims, spacing: VoxelSpacing): void {
  if (!(Array.isArray(dims) && dims.length === 3 && dims.every((n) => Number.isInteger(n) && n > 0))) {
    throw expected('[x, y, z] positive integers', 'dims', dims);
  }
  if (dims[0] * dims[1] * dims[2] !== length) {
    throw expected(`dims whose product is ${length} (the voxel count)`, 'dims', dims);
  }
  if (!(Array.isArray(spacing) && spacing.length === 3 && spacing.every((s) => Number.isFinite(s) && s > 0))) {
    throw expected('[sx, sy, sz] positive finite numbers (mm)', 'spacing', spacing);
  }
}

/** HD95, ASSD and Hausdorff distance in mm between the surfaces of pred == classId and truth == classId. */
export function surfaceDistances(
  pred: VolumeLabels,
  truth: VolumeLabels,
  dims: VolumeDims,
  spacing: VoxelSpacing,
  classId: number,
): SurfaceDistances {
  checkLabels(pred, truth, classId);
  checkGeometry(pred.length, dims, spacing);
  const [X, Y, Z] = dims;
  const n = pred.length;
  const surf = new Uint8Array(n);
  const nPred = markSurface(pred, classId, X, Y, Z, surf, 1);
  const nTruth = markSurface(truth, classId, X, Y, Z, surf, 2);
  if (nPred === 0 && nTruth === 0) return { hd95: 0, assd: 0, hausdorff: 0 };
  if (nPred === 0 || nTruth === 0) return { hd95: Infinity, assd: Infinity, hausdorff: Infinity };

  const longest = Math.max(X, Y, Z);
  const sc: Scratch = {
    f: new Float64Array(longest),
    d: new Float64Array(longest),
    v: new Int32Array(longest),
    zb: new Float64Array(longest + 1),
  };
  const dist = new Float64Array(n);
  const directed = (fromBit: number, toBit: number, count: number): Float64Array => {
    for (let i = 0; i < n; i++) dist[i] = surf[i] & toBit ? 0 : Infinity;
    squaredEdt(dist, X, Y, Z, spacing, sc);
    const out = new Float64Array(count);
    for (let i = 0, j = 0; i < n; i++) if (surf[i] & fromBit) out[j++] = Math.sqrt(dist[i]);
    return out;
  };
  const predToTruth = directed(1, 2, nPred);
  const truthToPred = directed(2, 1, nTruth);

  let sum = 0;
  let max = 0;
  for (const arr of [predToTruth, truthToPred]) {
    for (let i = 0; i < arr.length; i++) {
      sum += arr[i];
      if (arr[i] > max) max = arr[i];
    }
  }
  const hd95 = Math.max(percentile(predToTruth, 95), percentile(truthToPred, 95));
  return { hd95, assd: sum / (nPred + nTruth), hausdorff: max };
}
