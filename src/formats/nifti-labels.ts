/**
 * A label volume -> NIfTI-1 bytes (uncompressed; io/nifti-file.ts gzips for .nii.gz). The 348-byte header is
 * written field by field at the offsets of nifti1.h, little-endian, followed by 4 zero extension bytes, so the
 * voxels start at vox_offset 352. The spatial fields (pixdim, qform/sform codes, quaternion, offsets, srow,
 * units) are copied from the source volume, so the labels lie exactly on its voxels. Datatype uint8 (uint16 for
 * more than 256 classes), intent NIFTI_INTENT_LABEL (1002), scl_slope 1 and scl_inter 0 (values are class ids).
 */
import { expected } from '../core/errors.js';
import type { NiftiSpatial } from '../volumes/types.js';

export const NIFTI_INTENT_LABEL = 1002;
const HEADER_BYTES = 348;
const VOX_OFFSET = 352;

export interface NiftiLabelVolume {
  labels: Uint8Array | Uint16Array;
  dims: readonly [number, number, number];
  spatial: NiftiSpatial;
  /** descrip (80 bytes at most, ASCII). */
  description?: string;
}

function writeAscii(bytes: Uint8Array, offset: number, text: string, max: number): void {
  for (let i = 0; i < Math.min(text.length, max - 1); i++) bytes[offset + i] = text.charCodeAt(i) & 0x7f;
}

export function encodeNiftiLabels(volume: NiftiLabelVolume): Uint8Array {
  const { labels, dims, spatial } = volume;
  const voxels = dims[0] * dims[1] * dims[2];
  if (labels.length !== voxels) throw expected(`${voxels} labels (${dims.join(' x ')})`, 'labels', labels.length);
  const wide = labels instanceof Uint16Array;
  const bytes = new Uint8Array(VOX_OFFSET + labels.byteLength);
  const view = new DataView(bytes.buffer);
  const le = true;
  view.setInt32(0, HEADER_BYTES, le);
  bytes[38] = 'r'.charCodeAt(0);
  [3, dims[0], dims[1], dims[2], 1, 1, 1, 1].forEach((d, i) => view.setInt16(40 + 2 * i, d, le));
  view.setInt16(68, NIFTI_INTENT_LABEL, le);
  view.setInt16(70, wide ? 512 : 2, le);
  view.setInt16(72, wide ? 16 : 8, le);
  spatial.pixdim.forEach((p, i) => view.setFloat32(76 + 4 * i, i < 4 ? p : 0, le));
  view.setFloat32(108, VOX_OFFSET, le);
  view.setFloat32(112, 1, le);
  view.setFloat32(116, 0, le);
  bytes[123] = spatial.xyztUnits & 0x07;
  let max = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] > max) max = labels[i];
  view.setFloat32(124, max, le);
  view.setFloat32(128, 0, le);
  writeAscii(bytes, 148, volume.description ?? 'semseg labels', 80);
  view.setInt16(252, spatial.qformCode, le);
  view.setInt16(254, spatial.sformCode, le);
  spatial.quatern.forEach((q, i) => view.setFloat32(256 + 4 * i, q, le));
  spatial.qoffset.forEach((q, i) => view.setFloat32(268 + 4 * i, q, le));
  spatial.srow.forEach((s, i) => view.setFloat32(280 + 4 * i, s, le));
  writeAscii(bytes, 328, 'labels', 16);
  writeAscii(bytes, 344, 'n+1', 4);
  if (wide) {
    for (let i = 0; i < labels.length; i++) view.setUint16(VOX_OFFSET + 2 * i, labels[i], le);
  } else {
    bytes.set(labels, VOX_OFFSET);
  }
  return bytes;
}
