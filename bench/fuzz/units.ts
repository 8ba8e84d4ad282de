/**
 * The structural units of each container (PNG chunks, JPEG segments, GIF blocks, WebP RIFF chunks) as byte ranges,
 * so a mutation can remove or duplicate one whole unit and leave the rest of the file intact.
 */
import type { ImageFormat } from './seeds.js';
import { readU32, writeUint } from './tiff-ifd.js';

export interface Unit {
  start: number;
  end: number;
  /** Chunk type, segment marker or block kind, for reports. */
  kind: string;
}

function pngChunks(bytes: Uint8Array): Unit[] {
  const units: Unit[] = [];
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = readU32(bytes, at, false);
    const end = at + 12 + length;
    if (end > bytes.length) break;
    units.push({ start: at, end, kind: String.fromCharCode(...bytes.subarray(at + 4, at + 8)) });
    at = end;
  }
  return units;
}

/** End of JPEG entropy-coded data: the next marker that is neither a stuffed 0x00 nor a restart marker. */
function scanEnd(bytes: Uint8Array, from: number): number {
  for (let i = from; i + 1 < bytes.length; i++) {
    const next = bytes[i + 1];
    if (bytes[i] === 0xff && next !== 0 && !(next >= 0xd0 && next <= 0xd7)) return i;
  }
  return bytes.length;
}

function jpegSegments(bytes: Uint8Array): Unit[] {
  const units: Unit[] = [];
  for (let at = 2; at + 2 <= bytes.length && bytes[at] === 0xff; ) {
    const marker = bytes[at + 1];
    if (marker === 0xd9) {
      units.push({ start: at, end: at + 2, kind: 'EOI' });
      break;
    }
    if (at + 4 > bytes.length) break;
    const end = at + 2 + ((bytes[at + 2] << 8) | bytes[at + 3]);
    if (end > bytes.length) break;
    const stop = marker === 0xda ? scanEnd(bytes, end) : end;
    units.push({ start: at, end: stop, kind: `FF${marker.toString(16).toUpperCase()}` });
    at = stop;
  }
  return units;
}

/** Length of a run of GIF sub-blocks starting at `at` (size byte, data, ..., 0). */
function subBlocks(bytes: Uint8Array, at: number): number {
  let i = at;
  while (i < bytes.length && bytes[i] !== 0) i += bytes[i] + 1;
  return Math.min(i + 1, bytes.length) - at;
}

function gifBlocks(bytes: Uint8Array): Unit[] {
  const units: Unit[] = [];
  const flags = bytes[10];
  let at = 13 + (flags & 0x80 ? 3 * 2 ** ((flags & 7) + 1) : 0);
  while (at < bytes.length) {
    const kind = bytes[at];
    let end: number;
    if (kind === 0x21) end = at + 2 + subBlocks(bytes, at + 2);
    else if (kind === 0x2c) {
      const local = bytes[at + 9] & 0x80 ? 3 * 2 ** ((bytes[at + 9] & 7) + 1) : 0;
      const data = at + 10 + local + 1;
      end = data + subBlocks(bytes, data);
    } else end = at + 1;
    units.push({ start: at, end: Math.min(end, bytes.length), kind: kind === 0x21 ? `ext-${bytes[at + 1]?.toString(16)}` : kind === 0x2c ? 'image' : kind === 0x3b ? 'trailer' : 'unknown' });
    if (kind !== 0x21 && kind !== 0x2c) break;
    at = end;
  }
  return units;
}

function riffChunks(bytes: Uint8Array): Unit[] {
  const units: Unit[] = [];
  for (let at = 12; at + 8 <= bytes.length; ) {
    const size = readU32(bytes, at + 4, true);
    const end = at + 8 + size + (size % 2);
    if (end > bytes.length) break;
    units.push({ start: at, end, kind: String.fromCharCode(...bytes.subarray(at, at + 4)).trim() });
    at = end;
  }
  return units;
}

export function unitsOf(format: Exclude<ImageFormat, 'tiff'>, bytes: Uint8Array): Unit[] {
  switch (format) {
    case 'png':
      return pngChunks(bytes);
    case 'jpeg':
      return jpegSegments(bytes);
    case 'gif':
      return gifBlocks(bytes);
    case 'webp':
      return riffChunks(bytes);
  }
}

/** A WebP's RIFF header states the file's size: kept right after a splice so only the chunk change is tested. */
function fixRiffSize(format: ImageFormat, bytes: Uint8Array): Uint8Array {
  if (format === 'webp' && bytes.length >= 8) writeUint(bytes, 4, 4, bytes.length - 8, true);
  return bytes;
}

export function removeUnit(format: ImageFormat, bytes: Uint8Array, unit: Unit): Uint8Array {
  const out = new Uint8Array(bytes.length - (unit.end - unit.start));
  out.set(bytes.subarray(0, unit.start));
  out.set(bytes.subarray(unit.end), unit.start);
  return fixRiffSize(format, out);
}

export function duplicateUnit(format: ImageFormat, bytes: Uint8Array, unit: Unit): Uint8Array {
  const copy = bytes.subarray(unit.start, unit.end);
  const out = new Uint8Array(bytes.length + copy.length);
  out.set(bytes.subarray(0, unit.end));
  out.set(copy, unit.end);
  out.set(bytes.subarray(unit.end), unit.end + copy.length);
  return fixRiffSize(format, out);
}
