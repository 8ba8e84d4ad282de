/**
 * Multi-page TIFF stacks (microscopy) as volumes, read with sharp (libvips): page k is slice k, pixel (x, y) of a
 * page is voxel (i = x, j = y, k), the layout em-to-nifti.py and NIfTI use. A TIFF is a stack when it has more
 * than one page and its last page has the first one's size (an image pyramid, such as a COG with overviews, does
 * not). Pages must be single-band (grey); TIFF holds no voxel depth that tools agree on, so the voxel size comes
 * from the caller (`spacing`, mm; default 1 x 1 x 1).
 */
import sharp, { type Metadata } from 'sharp';
import { expected, firstLine, SemsegError } from '../core/errors.js';
import { niftiAffine } from '../volumes/affine.js';
import { alignedSpatial } from '../volumes/aligned-spatial.js';
import type { Volume } from '../volumes/types.js';
import { BYTES_PER_SAMPLE, FAIL_ON, rawDepth, typedSamples } from './decode.js';
import { DEFAULT_MAX_VOXELS } from './nifti-read.js';

export interface ReadTiffStackOptions {
  maxVoxels?: number;
  /** Voxel size along x, y, z in mm. */
  spacing?: [number, number, number];
}

const DATATYPE_OF_DEPTH: Readonly<Record<string, string>> = { uchar: 'uint8', ushort: 'uint16', short: 'int16', float: 'float32' };

export function isTiffPath(path: string): boolean {
  return /\.tiff?$/i.test(path);
}

function decodeFailed(path: string, what: string, cause?: unknown): SemsegError {
  const detail = cause instanceof Error ? firstLine(cause.message, 200) : undefined;
  return new SemsegError('DECODE_FAILED', `Expected a multi-page TIFF stack for ${path} but ${what}`, { cause, detail });
}

/** Whether the file is a TIFF of several pages of one size (see the file header); false for anything unreadable. */
export async function isTiffStack(path: string): Promise<boolean> {
  if (!isTiffPath(path)) return false;
  try {
    const first = await sharp(path, { failOn: FAIL_ON }).metadata();
    if (first.format !== 'tiff' || (first.pages ?? 1) < 2) return false;
    const last = await sharp(path, { page: first.pages! - 1, failOn: FAIL_ON }).metadata();
    return last.width === first.width && last.height === first.height;
  } catch {
    return false;
  }
}

export async function readTiffStack(path: string, options: ReadTiffStackOptions = {}): Promise<Volume> {
  const maxVoxels = options.maxVoxels ?? DEFAULT_MAX_VOXELS;
  const spacing = options.spacing ?? [1, 1, 1];
  let metadata: Metadata;
  try {
    metadata = await sharp(path, { failOn: FAIL_ON }).metadata();
  } catch (error) {
    throw decodeFailed(path, 'it could not be read', error);
  }
  const [width, height, pages] = [metadata.width ?? 0, metadata.height ?? 0, metadata.pages ?? 1];
  if (metadata.format !== 'tiff') throw decodeFailed(path, `it is ${metadata.format ?? 'not an image'}`);
  if ((metadata.channels ?? 1) !== 1) throw expected('single-band (grey) pages', path, `${metadata.channels} bands per page`, 'DECODE_FAILED');
  const voxels = width * height * pages;
  if (voxels > maxVoxels) throw expected(`at most ${maxVoxels} voxels`, path, `${width} x ${height} x ${pages} = ${voxels} voxels`, 'IMAGE_TOO_LARGE');
  const depth = rawDepth(metadata);
  let samples: Buffer;
  try {
    // All pages at once, one below the other; libvips refuses pages of different sizes.
    samples = await sharp(path, { pages: -1, failOn: FAIL_ON, limitInputPixels: false }).toColourspace(metadata.space).raw({ depth }).toBuffer();
  } catch (error) {
    throw decodeFailed(path, 'its pages could not be decoded (pages of different sizes?)', error);
  }
  if (samples.length !== voxels * BYTES_PER_SAMPLE[depth]) throw decodeFailed(path, `it decoded to ${samples.length} bytes, not ${voxels} samples`);
  const data = Float32Array.from(typedSamples(samples, depth));
  const spatial = alignedSpatial(spacing);
  const dims: [number, number, number] = [width, height, pages];
  return { dims, data, datatype: DATATYPE_OF_DEPTH[depth] ?? 'float32', spatial, affine: niftiAffine(spatial, dims), scaled: false, source: path };
}
