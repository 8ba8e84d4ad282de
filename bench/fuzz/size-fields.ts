/**
 * Header fields that state an image's size: PNG IHDR width/height, JPEG SOF dimensions, GIF logical screen and frame
 * size, TIFF ImageWidth/ImageLength, WebP VP8/VP8L/VP8X frame size. Rewriting one (checksums kept valid) tests that
 * a decoder checks the stated size against the bytes that follow instead of allocating or zero-filling.
 */
import type { ImageFormat } from './seeds.js';
import { entryAt, readU16, readU32, tiffIfd, writeUint } from './tiff-ifd.js';
import { unitsOf } from './units.js';
import { crc32 } from './crc32.js';

export interface SizeField {
  name: string;
  value: number;
  max: number;
  /** The bytes with this field set to `value` (a copy). */
  set(bytes: Uint8Array, value: number): Uint8Array;
}

function plain(name: string, bytes: Uint8Array, at: number, size: 2 | 4, little: boolean, after?: (out: Uint8Array) => void): SizeField {
  return {
    name,
    value: size === 2 ? readU16(bytes, at, little) : readU32(bytes, at, little),
    max: size === 2 ? 0xffff : 0xffffffff,
    set(source, value) {
      const out = source.slice();
      writeUint(out, at, size, value, little);
      after?.(out);
      return out;
    },
  };
}

function pngFields(bytes: Uint8Array): SizeField[] {
  // IHDR is the first chunk: data at 16..29, its CRC (over type + data) at 29.
  const fixCrc = (out: Uint8Array) => writeUint(out, 29, 4, crc32(out.subarray(12, 29)), false);
  return [plain('IHDR width', bytes, 16, 4, false, fixCrc), plain('IHDR height', bytes, 20, 4, false, fixCrc)];
}

function jpegFields(bytes: Uint8Array): SizeField[] {
  const sof = unitsOf('jpeg', bytes).find((u) => /^FFC[0-35-79ABD-F]$/.test(u.kind));
  if (!sof) return [];
  return [plain('SOF height', bytes, sof.start + 5, 2, false), plain('SOF width', bytes, sof.start + 7, 2, false)];
}

function gifFields(bytes: Uint8Array): SizeField[] {
  const fields = [plain('logical screen width', bytes, 6, 2, true), plain('logical screen height', bytes, 8, 2, true)];
  const image = unitsOf('gif', bytes).find((u) => u.kind === 'image');
  if (image) fields.push(plain('frame width', bytes, image.start + 5, 2, true), plain('frame height', bytes, image.start + 7, 2, true));
  return fields;
}

function tiffFields(bytes: Uint8Array): SizeField[] {
  const ifd = tiffIfd(bytes);
  if (!ifd) return [];
  const fields: SizeField[] = [];
  for (let i = 0; i < ifd.count; i++) {
    const at = entryAt(ifd, i);
    const tag = readU16(bytes, at, ifd.little);
    if (tag !== 256 && tag !== 257) continue;
    const short = readU16(bytes, at + 2, ifd.little) === 3;
    fields.push(plain(tag === 256 ? 'ImageWidth' : 'ImageLength', bytes, at + 8, short ? 2 : 4, ifd.little));
  }
  return fields;
}

/** VP8L packs width-1 and height-1 as two 14-bit fields after its signature byte. */
function vp8lField(name: string, data: number, shift: number, bytes: Uint8Array): SizeField {
  const bits = readU32(bytes, data + 1, true);
  return {
    name,
    value: ((bits >>> shift) & 0x3fff) + 1,
    max: 0x4000,
    set(source, value) {
      const out = source.slice();
      const old = readU32(out, data + 1, true);
      const mask = 0x3fff << shift;
      writeUint(out, data + 1, 4, ((old & ~mask) | (((value - 1) & 0x3fff) << shift)) >>> 0, true);
      return out;
    },
  };
}

function webpFields(bytes: Uint8Array): SizeField[] {
  const fields: SizeField[] = [];
  for (const chunk of unitsOf('webp', bytes)) {
    const data = chunk.start + 8;
    // VP8: 3-byte frame tag, 3-byte start code, then 14-bit width and height (2 scale bits above each).
    if (chunk.kind === 'VP8') fields.push(plain('VP8 width', bytes, data + 6, 2, true), plain('VP8 height', bytes, data + 8, 2, true));
    if (chunk.kind === 'VP8L') fields.push(vp8lField('VP8L width', data, 0, bytes), vp8lField('VP8L height', data, 14, bytes));
    if (chunk.kind === 'VP8X') fields.push(plain('VP8X canvas width-1', bytes, data + 4, 2, true), plain('VP8X canvas height-1', bytes, data + 7, 2, true));
  }
  return fields;
}

export function sizeFields(format: ImageFormat, bytes: Uint8Array): SizeField[] {
  switch (format) {
    case 'png':
      return pngFields(bytes);
    case 'jpeg':
      return jpegFields(bytes);
    case 'gif':
      return gifFields(bytes);
    case 'tiff':
      return tiffFields(bytes);
    case 'webp':
      return webpFields(bytes);
  }
}

/** Values worth stating: nothing, one pixel, a little or a lot more than the data holds, the field's maximum. */
export function sizeValues(field: SizeField): number[] {
  const candidates = [0, 1, field.value + 1, field.value * 2, field.value * 50, 65500, Math.min(field.max, 0x7fffffff), field.max];
  return [...new Set(candidates.map((v) => Math.min(v, field.max)))];
}
