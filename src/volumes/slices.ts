/**
 * Slices of a volume as 1-channel float32 RasterImages in 0..255, and label slices put back into a label volume.
 * Along axis 2 (k) a slice is `nx` wide and `ny` high: pixel (x, y) is voxel (i = x, j = y, k). Along axis 1 it
 * is voxel (i = x, j, k = y); along axis 0 voxel (i, j = x, k = y). No flips: row 0 is the lowest index.
 */
import { expected } from '../core/errors.js';
import type { RasterImage } from '../core/types.js';
import type { Volume, VolumeAxis } from './types.js';

interface Plane {
  width: number;
  height: number;
  /** Voxel index of slice pixel (0, 0), and the steps of x and y. */
  origin: number;
  stepX: number;
  stepY: number;
}

export function sliceCount(dims: readonly number[], axis: VolumeAxis): number {
  return dims[axis];
}

function plane(dims: readonly number[], axis: VolumeAxis, index: number): Plane {
  if (!(Number.isInteger(index) && index >= 0 && index < dims[axis])) throw expected(`a slice index from 0 to ${dims[axis] - 1}`, 'index', index);
  const strides = [1, dims[0], dims[0] * dims[1]];
  const [a, b] = ([0, 1, 2] as const).filter((d) => d !== axis);
  return { width: dims[a], height: dims[b], origin: index * strides[axis], stepX: strides[a], stepY: strides[b] };
}

/** Slice `index` along `axis`, windowed to 0..255 with [lo, hi] (NaN -> 0). */
export function volumeSlice(volume: Volume, axis: VolumeAxis, index: number, [lo, hi]: readonly [number, number]): RasterImage {
  const p = plane(volume.dims, axis, index);
  const data = new Float32Array(p.width * p.height);
  const scale = 255 / (hi > lo ? hi - lo : 1);
  for (let y = 0; y < p.height; y++) {
    const row = p.origin + y * p.stepY;
    for (let x = 0; x < p.width; x++) {
      const v = (volume.data[row + x * p.stepX] - lo) * scale;
      data[y * p.width + x] = v > 0 ? (v < 255 ? v : 255) : 0;
    }
  }
  return { data, width: p.width, height: p.height, channels: 1, meta: { source: volume.source, format: 'nifti', frameIndex: index } };
}

/** Writes a slice's labels (row-major, `width x height` of that plane) into the label volume. */
export function placeSlice(target: Uint8Array | Uint16Array, dims: readonly number[], axis: VolumeAxis, index: number, labels: Uint8Array | Uint16Array): void {
  const p = plane(dims, axis, index);
  if (labels.length !== p.width * p.height) throw expected(`${p.width * p.height} labels`, 'labels', labels.length);
  for (let y = 0; y < p.height; y++) {
    const row = p.origin + y * p.stepY;
    for (let x = 0; x < p.width; x++) target[row + x * p.stepX] = labels[y * p.width + x];
  }
}
