/**
 * Classic little-endian TIFF files from directories of tags and their compressed tiles: the header, every IFD (with
 * its out-of-line values right after it) at the front, then the tile data, last directory's tiles first. With
 * overviews after the full-resolution directory this is the Cloud-Optimized GeoTIFF order (IFDs first, smallest
 * overview's data first). TileOffsets and TileByteCounts are filled in here.
 */

export type TagType = 'byte' | 'ascii' | 'short' | 'long' | 'double';

export interface TiffTag {
  id: number;
  type: TagType;
  /** Numbers, or the text of an ASCII tag (its NUL terminator is added). */
  values: readonly number[] | string;
}

export interface TiffDirectory {
  tags: TiffTag[];
  /** Compressed tiles, row by row. */
  tiles: Uint8Array[];
}

const TYPE_CODE: Record<TagType, number> = { byte: 1, ascii: 2, short: 3, long: 4, double: 12 };
const TYPE_BYTES: Record<TagType, number> = { byte: 1, ascii: 1, short: 2, long: 4, double: 8 };
export const TILE_OFFSETS = 324;
export const TILE_BYTE_COUNTS = 325;
const HEADER_BYTES = 8;
const ENTRY_BYTES = 12;
/** Classic TIFF addresses bytes with 32 bits. */
const MAX_FILE_BYTES = 2 ** 32 - 1;

const count = (tag: TiffTag) => (typeof tag.values === 'string' ? tag.values.length + 1 : tag.values.length);
const valueBytes = (tag: TiffTag) => count(tag) * TYPE_BYTES[tag.type];
/** Values longer than the 4 bytes of an entry live after the IFD, word aligned. */
const outOfLine = (tag: TiffTag) => (valueBytes(tag) > 4 ? valueBytes(tag) + (valueBytes(tag) % 2) : 0);
const ifdBytes = (tags: TiffTag[]) => 2 + tags.length * ENTRY_BYTES + 4 + tags.reduce((sum, t) => sum + outOfLine(t), 0);

function withTileTags(directory: TiffDirectory, offsets: number[]): TiffTag[] {
  const rest = directory.tags.filter((t) => t.id !== TILE_OFFSETS && t.id !== TILE_BYTE_COUNTS);
  const tags = [...rest, { id: TILE_OFFSETS, type: 'long' as const, values: offsets }, { id: TILE_BYTE_COUNTS, type: 'long' as const, values: directory.tiles.map((t) => t.length) }];
  return tags.sort((a, b) => a.id - b.id);
}

function writeValues(view: DataView, bytes: Uint8Array, at: number, tag: TiffTag): void {
  if (typeof tag.values === 'string') {
    for (let i = 0; i < tag.values.length; i++) bytes[at + i] = tag.values.charCodeAt(i) & 0x7f;
    bytes[at + tag.values.length] = 0;
    return;
  }
  tag.values.forEach((v, i) => {
    if (tag.type === 'byte') view.setUint8(at + i, v);
    else if (tag.type === 'short') view.setUint16(at + 2 * i, v, true);
    else if (tag.type === 'long') view.setUint32(at + 4 * i, v, true);
    else view.setFloat64(at + 8 * i, v, true);
  });
}

export function encodeTiff(directories: TiffDirectory[]): Uint8Array {
  // Tile data order: last directory first (smallest overview), the full resolution last.
  const placeholder = directories.map((d) => withTileTags(d, d.tiles.map(() => 0)));
  const headers = HEADER_BYTES + placeholder.reduce((sum, tags) => sum + ifdBytes(tags), 0);
  const offsets: number[][] = directories.map(() => []);
  let at = headers;
  for (let d = directories.length - 1; d >= 0; d--) {
    for (const tile of directories[d].tiles) {
      offsets[d].push(at);
      at += tile.length;
    }
  }
  if (at > MAX_FILE_BYTES) throw new Error(`the TIFF would be ${at} bytes, more than classic TIFF addresses`);
  const bytes = new Uint8Array(at);
  const view = new DataView(bytes.buffer);
  bytes.set([0x49, 0x49, 42, 0]);
  let ifd = HEADER_BYTES;
  view.setUint32(4, ifd, true);
  directories.forEach((directory, d) => {
    const tags = withTileTags(directory, offsets[d]);
    view.setUint16(ifd, tags.length, true);
    let extra = ifd + 2 + tags.length * ENTRY_BYTES + 4;
    tags.forEach((tag, i) => {
      const entry = ifd + 2 + i * ENTRY_BYTES;
      view.setUint16(entry, tag.id, true);
      view.setUint16(entry + 2, TYPE_CODE[tag.type], true);
      view.setUint32(entry + 4, count(tag), true);
      if (outOfLine(tag) === 0) writeValues(view, bytes, entry + 8, tag);
      else {
        view.setUint32(entry + 8, extra, true);
        writeValues(view, bytes, extra, tag);
        extra += outOfLine(tag);
      }
    });
    const next = d + 1 < directories.length ? extra : 0;
    view.setUint32(ifd + 2 + tags.length * ENTRY_BYTES, next, true);
    ifd = extra;
  });
  for (let d = 0; d < directories.length; d++) directories[d].tiles.forEach((tile, i) => bytes.set(tile, offsets[d][i]));
  return bytes;
}
