/**
 * Label files -> raw values. Ids come from single-channel 8/16-bit grey images (through sharp) or from palette PNGs,
 * whose palette indices are the ids (through fast-png, since sharp would turn the palette into colours). Grey PNGs of
 * 1, 2 or 4 bits also go through fast-png, which keeps the stored values where sharp would scale them to 0..255.
 * Colour-coded labels come out as 8-bit RGB.
 */
import { readFile } from 'node:fs/promises';
import { decode } from 'fast-png';
import sharp from 'sharp';
import { SemsegError } from '../core/errors.js';

/** How a label file encodes classes: ids (grey value or palette index) or one colour per class. */
export type LabelEncoding = 'ids' | 'colors';

export interface RawLabelImage {
  /** Grey values or palette indices (channels 1), or interleaved RGB (channels 3). */
  data: Uint8Array | Uint16Array;
  width: number;
  height: number;
  channels: 1 | 3;
}

/** Which side a label file is on, so that a message blames the right one. */
export type LabelRole = 'ground-truth label file' | 'prediction file';

function invalid(path: string, role: LabelRole, what: string, received: string, cause?: unknown): SemsegError {
  return new SemsegError('DATASET_INVALID', `Expected ${what} for ${role} "${path}" but received ${received}`, { cause });
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A decoder failure in plain words, the library's first line kept as detail (bounded: some are hundreds of lines). */
function decodeProblem(bytes: Buffer, error: unknown): string {
  const detail = String((error as Error).message ?? error).split('\n')[0].trim().slice(0, 200);
  const plain = bytes.length === 0 ? 'an empty file (0 bytes)'
    : bytes.subarray(0, 8).equals(PNG_SIGNATURE) ? 'a truncated or corrupt PNG'
    : 'a file that is not a readable image';
  return detail && bytes.length > 0 ? `${plain} (${detail})` : plain;
}

/** One byte per pixel from fast-png's rows, which are packed when the bit depth is below 8. */
function unpackIndices(packed: Uint8Array, width: number, height: number, depth: number): Uint8Array {
  if (depth === 8) return packed;
  const indices = new Uint8Array(width * height);
  const rowBytes = Math.ceil((width * depth) / 8);
  const perByte = 8 / depth;
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const byte = packed[y * rowBytes + Math.floor(x / perByte)];
      indices[y * width + x] = (byte >> (8 - depth * (1 + (x % perByte)))) & mask;
    }
  }
  return indices;
}

/** Palette indices or low-bit grey values, as stored. */
function readPackedPng(bytes: Buffer): RawLabelImage {
  const png = decode(bytes);
  const data = unpackIndices(png.data as Uint8Array, png.width, png.height, png.depth);
  return { data, width: png.width, height: png.height, channels: 1 };
}

async function readGrey(bytes: Buffer, sixteenBit: boolean): Promise<RawLabelImage> {
  const { data, info } = await sharp(bytes)
    .removeAlpha()
    .toColourspace(sixteenBit ? 'grey16' : 'b-w')
    .raw({ depth: sixteenBit ? 'ushort' : 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`sharp returned ${info.channels} channels for a grey label`);
  const values = sixteenBit
    ? new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2)
    : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return { data: values, width: info.width, height: info.height, channels: 1 };
}

async function readRgb(bytes: Buffer): Promise<RawLabelImage> {
  const { data, info } = await sharp(bytes).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`sharp returned ${info.channels} channels for a colour label`);
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, channels: 3 };
}

export async function readLabelImage(path: string, encoding: LabelEncoding, role: LabelRole = 'ground-truth label file'): Promise<RawLabelImage> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw invalid(path, role, 'a readable file', (error as Error).message, error);
  }
  try {
    if (encoding === 'colors') return await readRgb(bytes);
    const meta = await sharp(bytes).metadata();
    if (meta.format === 'png' && (meta.isPalette || (meta.bitsPerSample ?? 8) < 8)) return readPackedPng(bytes);
    if (meta.isPalette || (meta.channels ?? 0) > 2) {
      const received = `a ${meta.channels}-channel ${meta.format} image; colour-coded labels need label encoding "colors"`;
      throw invalid(path, role, 'a single-channel grey or palette PNG (class ids)', received);
    }
    return await readGrey(bytes, meta.depth === 'ushort');
  } catch (error) {
    if (error instanceof SemsegError) throw error;
    throw invalid(path, role, 'a decodable label image', decodeProblem(bytes, error), error);
  }
}
