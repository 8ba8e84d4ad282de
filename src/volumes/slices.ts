/**
 * Slices of a volume as float32 RasterImages in 0..255, and label slices put back into a label volume. With
 * `context` n > 0 a slice is a 2.5-D slab: 2n + 1 channels, the slices index - n .. index + n in that order
 * (indices outside the volume repeat the edge slice), for models trained on neighbouring slices as channels.
 * Along axis 2 (k) a slice is `nx` wide and `ny` high: pixel (x, y) is voxel (i = x, j = y, k). Along axis 1 it
 * is voxel (i = x, j, k = y); along axis 0 voxel (i, j = x, k = y). No flips: row 0 is the lowest index.
 */
import { expected } from '../core/errors.js';
import type { RasterImage } from '../core/types.js';
import type { Volume, VolumeAxis } from './types.js';

/** A slicing axis by name, `i`, `j`, `k` (any case) or `0`, `1`, `2`. */
export function parseVolumeAxis(value: string, parameter: string): VolumeAxis {
  const index = ['i', 'j', 'k'].indexOf(value.trim().toLowerCase());
  const axis = index >= 0 ? index : ['0', '1', '2'].indexOf(value.trim());
  if (axis < 0) throw expected('one of i, j, k (or 0, 1, 2)', parameter, value);
  return axis as VolumeAxis;
}

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

/** Slice `index` along `axis` (with `context` neighbours each side as channels), windowed to 0..255 with [lo, hi]. */
export function volumeSlice(volume: Volume, axis: VolumeAxis, index: number, [lo, hi]: readonly [number, number], context = 0): RasterImage {
  const p = plane(volume.dims, axis, index);
  const channels = 2 * context + 1;
  const data = new Float32Array(p.width * p.height * channels);
  const scale = 255 / (hi > lo ? hi - lo : 1);
  const sliceStep = [1, volume.dims[0], volume.dims[0] * volume.dims[1]][axis];
  const last = volume.dims[axis] - 1;
  for (let c = 0; c < channels; c++) {
    const neighbour = Math.min(last, Math.max(0, index - context + c));
    const origin = neighbour * sliceStep;
    for (let y = 0; y < p.height; y++) {
      const row = origin + y * p.stepY;
      for (let x = 0; x < p.width; x++) {
        const v = (volume.data[row + x * p.stepX] - lo) * scale;
        // NaN -> 0 (both comparisons fail).
        data[(y * p.width + x) * channels + c] = v > 0 ? (v < 255 ? v : 255) : 0;
      }
    }
  }
  return { data, width: p.width, height: p.height, channels, meta: { source: volume.source, format: 'nifti', frameIndex: index } };
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
