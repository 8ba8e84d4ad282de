/** A read volume as class ids: every voxel an integer in [0, 65535] (a label volume, not intensities). */
import { expected } from '../core/errors.js';
import type { LabelVolume } from '../evaluation/volume-scores.js';
import { voxelSpacingMm } from './affine.js';
import type { Volume } from './types.js';

export function toLabelVolume(volume: Volume, parameter: string): LabelVolume {
  const { data } = volume;
  let max = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!(Number.isInteger(v) && v >= 0 && v <= 0xffff)) throw expected('a label volume (integer class ids in 0..65535)', parameter, `a voxel of ${v} at index ${i}`, 'DATASET_INVALID');
    if (v > max) max = v;
  }
  const labels = max > 255 ? Uint16Array.from(data) : Uint8Array.from(data);
  return { labels, dims: volume.dims, spacing: voxelSpacingMm(volume.affine) };
}
