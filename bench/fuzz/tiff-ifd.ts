/** The first IFD of a TIFF file: where its entries are, in which byte order. Enough to mutate entries in place. */
export interface TiffIfd {
  little: boolean;
  /** Offset of the entry count (u16); entries of 12 bytes follow, then the next IFD's offset (u32). */
  offset: number;
  count: number;
}

export function readU16(bytes: Uint8Array, at: number, little: boolean): number {
  return little ? bytes[at] | (bytes[at + 1] << 8) : (bytes[at] << 8) | bytes[at + 1];
}

export function readU32(bytes: Uint8Array, at: number, little: boolean): number {
  const b = [bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]];
  return (little ? b[0] + b[1] * 2 ** 8 + b[2] * 2 ** 16 + b[3] * 2 ** 24 : b[3] + b[2] * 2 ** 8 + b[1] * 2 ** 16 + b[0] * 2 ** 24);
}

export function writeUint(bytes: Uint8Array, at: number, size: 2 | 4, value: number, little: boolean): void {
  for (let i = 0; i < size; i++) {
    const byte = Math.floor(value / 2 ** (8 * i)) & 0xff;
    bytes[little ? at + i : at + size - 1 - i] = byte;
  }
}

export function tiffIfd(bytes: Uint8Array): TiffIfd | undefined {
  if (bytes.length < 8) return undefined;
  const little = bytes[0] === 0x49 && bytes[1] === 0x49;
  if (!little && !(bytes[0] === 0x4d && bytes[1] === 0x4d)) return undefined;
  const offset = readU32(bytes, 4, little);
  if (offset + 2 > bytes.length) return undefined;
  const count = readU16(bytes, offset, little);
  if (offset + 2 + 12 * count + 4 > bytes.length) return undefined;
  return { little, offset, count };
}

/** Offset of entry `index` of the IFD. */
export function entryAt(ifd: TiffIfd, index: number): number {
  return ifd.offset + 2 + 12 * index;
}

/** Entries are edited in place (the file's other offsets stay valid): a removal shifts the later ones down. */
export function removeEntry(bytes: Uint8Array, ifd: TiffIfd, index: number): Uint8Array {
  const out = bytes.slice();
  const end = entryAt(ifd, ifd.count) + 4;
  out.copyWithin(entryAt(ifd, index), entryAt(ifd, index + 1), end);
  writeUint(out, ifd.offset, 2, ifd.count - 1, ifd.little);
  return out;
}

/** Entry `index` copied over the next one: the tag appears twice and the next tag is lost. */
export function duplicateEntry(bytes: Uint8Array, ifd: TiffIfd, index: number): Uint8Array {
  const out = bytes.slice();
  const next = Math.min(index + 1, ifd.count - 1);
  out.copyWithin(entryAt(ifd, next), entryAt(ifd, index), entryAt(ifd, index) + 12);
  return out;
}
