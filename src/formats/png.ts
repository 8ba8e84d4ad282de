/**
 * A small PNG writer for label maps: 8-bit grey, 16-bit grey or 8-bit indexed with a palette. Label maps are
 * long runs of few values that mostly repeat the row above, so every scanline uses PNG's "up" filter and deflate
 * only looks for runs (Z_RLE): on CamVid-sized maps that is 5x faster than deflate level 6 and 7 % smaller.
 * Writing them directly avoids sharp's RGB round trip and keeps palette colours exact.
 */
import { constants, crc32, deflateSync, type ZlibOptions } from 'node:zlib';
import type { Rgb } from '../core/types.js';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function chunk(type: string, body: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'latin1');
  out.set(body, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
  return out;
}

export interface PngImage {
  width: number;
  height: number;
  /** One sample per pixel: Uint8Array (8-bit) or Uint16Array (16-bit grey). */
  samples: Uint8Array | Uint16Array;
  /** With a palette the samples are palette indices (8-bit only). */
  palette?: readonly Rgb[];
}

/** Deflate settings for filtered label scanlines (see the header comment). */
export const LABEL_DEFLATE: ZlibOptions = { strategy: constants.Z_RLE };

export function encodeSingleChannelPng(image: PngImage): Buffer {
  return assemblePng(image, compressSamples(image.samples, image.width, image.height));
}

/** The IDAT payload of a single-channel image: filtered scanlines, deflated. */
export function compressSamples(samples: Uint8Array | Uint16Array, width: number, height: number): Buffer {
  return deflateSync(filterRows(samples, width, height), LABEL_DEFLATE);
}

/** A whole PNG around an already compressed IDAT payload (label and colour PNGs of one map share it). */
export function assemblePng({ width, height, samples, palette }: PngImage, idat: Uint8Array): Buffer {
  const sixteen = samples instanceof Uint16Array;
  return Buffer.concat([...headerChunks(width, height, sixteen, palette), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]);
}

/**
 * Rows of samples as PNG scanlines, 16-bit samples big-endian. The first row is filtered against `above` (the
 * row before it, for images written strip by strip) or left unfiltered; every other row uses the "up" filter.
 */
export function filterRows(samples: Uint8Array | Uint16Array, width: number, rows: number, above?: Uint8Array | Uint16Array): Buffer {
  const sixteen = samples instanceof Uint16Array;
  const bytes = width * (sixteen ? 2 : 1);
  const stride = bytes + 1;
  const raw = Buffer.alloc(stride * rows);
  const put = (source: Uint8Array | Uint16Array, target: Buffer, offset: number) => {
    if (sixteen) {
      for (let x = 0; x < width; x++) target.writeUInt16BE(source[x], offset + 2 * x);
    } else {
      target.set(source, offset);
    }
  };
  // Unfiltered rows go in first; "up" is then applied bottom to top so each row still sees its original neighbour.
  for (let y = 0; y < rows; y++) put(samples.subarray(y * width, (y + 1) * width), raw, y * stride + 1);
  for (let y = rows - 1; y >= 1; y--) upFilter(raw, y * stride, (y - 1) * stride + 1, bytes);
  if (above) {
    const previous = Buffer.alloc(bytes);
    put(above, previous, 0);
    upFilter(raw, 0, 0, bytes, previous);
  }
  return raw;
}

/** Filter type 2 on the scanline at `row` (its filter byte): each byte minus the byte above it, modulo 256. */
function upFilter(raw: Buffer, row: number, aboveStart: number, bytes: number, aboveBuffer: Uint8Array = raw): void {
  raw[row] = 2;
  const line = row + 1;
  for (let x = 0; x < bytes; x++) raw[line + x] = (raw[line + x] - aboveBuffer[aboveStart + x]) & 255;
}

/** Signature, IHDR and (indexed images) PLTE of a single-channel PNG. */
export function headerChunks(width: number, height: number, sixteen: boolean, palette?: readonly Rgb[]): Buffer[] {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = sixteen ? 16 : 8;
  header[9] = palette ? 3 : 0; // colour type: 3 indexed, 0 grey
  const parts = [SIGNATURE, chunk('IHDR', header)];
  if (palette) {
    const plte = new Uint8Array(palette.length * 3);
    palette.forEach((c, i) => plte.set(c, i * 3));
    parts.push(chunk('PLTE', plte));
  }
  return parts;
}
