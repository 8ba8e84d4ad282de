/**
 * NIfTI-1 files (.nii, .nii.gz) -> Volume. nifti-reader-js parses the header and finds the voxels; the samples
 * are read here (either byte order) and scaled by scl_slope / scl_inter when the slope is non-zero and finite.
 * The spatial fields are read from the raw header so that a label volume can copy them bit for bit.
 */
import * as nifti from 'nifti-reader-js';
import { expected, firstLine, SemsegError } from '../core/errors.js';
import { niftiAffine } from '../volumes/affine.js';
import type { NiftiSpatial, Volume } from '../volumes/types.js';

/** 2^27 voxels (512 MiB as float32): a 512 x 512 x 512 CT fits, a mistake does not take the machine down. */
export const DEFAULT_MAX_VOXELS = 2 ** 27;

export interface ReadNiftiOptions {
  /** Refuse volumes with more voxels (IMAGE_TOO_LARGE). */
  maxVoxels?: number;
  /** Name of the source, for messages and the volume. */
  source?: string;
}

type Sampler = (view: DataView, offset: number, little: boolean) => number;

const DATATYPES: Readonly<Record<number, { name: string; bytes: number; read: Sampler }>> = {
  2: { name: 'uint8', bytes: 1, read: (v, o) => v.getUint8(o) },
  4: { name: 'int16', bytes: 2, read: (v, o, l) => v.getInt16(o, l) },
  8: { name: 'int32', bytes: 4, read: (v, o, l) => v.getInt32(o, l) },
  16: { name: 'float32', bytes: 4, read: (v, o, l) => v.getFloat32(o, l) },
  64: { name: 'float64', bytes: 8, read: (v, o, l) => v.getFloat64(o, l) },
  256: { name: 'int8', bytes: 1, read: (v, o) => v.getInt8(o) },
  512: { name: 'uint16', bytes: 2, read: (v, o, l) => v.getUint16(o, l) },
};

function decodeFailed(source: string, what: string, cause?: unknown): SemsegError {
  const detail = cause instanceof Error ? firstLine(cause.message, 200) : undefined;
  return new SemsegError('DECODE_FAILED', `Expected a NIfTI-1 volume (.nii or .nii.gz) for ${source} but ${what}`, { cause, detail });
}

function spatialFields(header: ArrayBuffer, little: boolean): NiftiSpatial {
  const view = new DataView(header);
  const f = (offset: number) => view.getFloat32(offset, little);
  return {
    qformCode: view.getInt16(252, little),
    sformCode: view.getInt16(254, little),
    quatern: [f(256), f(260), f(264)],
    qoffset: [f(268), f(272), f(276)],
    srow: Array.from({ length: 12 }, (_, i) => f(280 + 4 * i)),
    pixdim: Array.from({ length: 8 }, (_, i) => f(76 + 4 * i)),
    xyztUnits: view.getUint8(123),
  };
}

function volumeDims(dims: number[], source: string): [number, number, number] {
  const rank = dims[0];
  const extra = dims.slice(4, rank + 1).filter((d) => d !== 1);
  const spatial = [dims[1], dims[2], rank >= 3 ? dims[3] : 1];
  if (rank < 2 || rank > 7 || extra.length > 0 || spatial.some((d) => !(Number.isInteger(d) && d >= 1))) {
    throw expected('a 3-D volume (a 4th dimension of 1 at most)', source, `dim ${JSON.stringify(dims.slice(0, Math.max(1, Math.min(rank, 7)) + 1))}`, 'DECODE_FAILED');
  }
  return spatial as [number, number, number];
}

export function readNifti(bytes: Uint8Array, options: ReadNiftiOptions = {}): Volume {
  const source = options.source ?? 'the input';
  const maxVoxels = options.maxVoxels ?? DEFAULT_MAX_VOXELS;
  let buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    if (nifti.isCompressed(buffer)) buffer = nifti.decompress(buffer) as ArrayBuffer;
  } catch (error) {
    throw decodeFailed(source, 'its gzip stream is broken', error);
  }
  if (buffer.byteLength < 348 || !nifti.isNIFTI(buffer)) throw decodeFailed(source, 'it has no NIfTI-1 header (magic n+1)');
  if (nifti.isNIFTI2(buffer)) throw decodeFailed(source, 'it is NIfTI-2, which is not read yet');
  const header = nifti.readHeader(buffer) as nifti.NIFTI1;
  const dims = volumeDims(header.dims, source);
  const voxels = dims[0] * dims[1] * dims[2];
  if (voxels > maxVoxels) throw expected(`at most ${maxVoxels} voxels`, source, `${dims.join(' x ')} = ${voxels} voxels`, 'IMAGE_TOO_LARGE');
  const type = DATATYPES[header.datatypeCode];
  if (!type) throw expected(`a datatype among ${Object.values(DATATYPES).map((t) => t.name).join(', ')}`, source, `datatype code ${header.datatypeCode}`, 'DECODE_FAILED');
  const offset = Math.max(352, Math.floor(header.vox_offset));
  if (buffer.byteLength < offset + voxels * type.bytes) throw decodeFailed(source, `it ends before its ${voxels} voxels (truncated)`);
  const view = new DataView(buffer, offset, voxels * type.bytes);
  const little = header.littleEndian;
  const slope = header.scl_slope;
  const scaled = Number.isFinite(slope) && slope !== 0 && !(slope === 1 && header.scl_inter === 0);
  const inter = scaled && Number.isFinite(header.scl_inter) ? header.scl_inter : 0;
  const data = new Float32Array(voxels);
  for (let i = 0; i < voxels; i++) {
    const value = type.read(view, i * type.bytes, little);
    data[i] = scaled ? value * slope + inter : value;
  }
  const spatial = spatialFields(buffer.slice(0, 348), little);
  return { dims, data, datatype: type.name, spatial, affine: niftiAffine(spatial, dims), scaled, source: options.source };
}
