/**
 * Whether a TIFF is a GeoTIFF, from the first IFD in the file's head: the tag ids of classic TIFF and BigTIFF
 * directories, read without a decoder. An IFD beyond the head (rare: GDAL and COG writers put it first) reads as
 * no tags, and the file then decodes as a plain TIFF.
 */
import { GEO_TAGS } from './geokeys.js';

export function firstIfdTags(head: Uint8Array): number[] {
  if (head.length < 16) return [];
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const little = head[0] === 0x49;
  const version = view.getUint16(2, little);
  const big = version === 43;
  const offset = big ? Number(view.getBigUint64(8, little)) : view.getUint32(4, little);
  const countBytes = big ? 8 : 2;
  const entryBytes = big ? 20 : 12;
  if (offset + countBytes > head.length) return [];
  const count = big ? Number(view.getBigUint64(offset, little)) : view.getUint16(offset, little);
  const tags: number[] = [];
  for (let i = 0, at = offset + countBytes; i < count && at + 2 <= head.length; i++, at += entryBytes) tags.push(view.getUint16(at, little));
  return tags;
}

/** A TIFF with a GeoKey directory or a model tie point / transformation. */
export function isGeoTiff(head: Uint8Array): boolean {
  const tags = firstIfdTags(head);
  return tags.includes(GEO_TAGS.GeoKeyDirectory) || tags.includes(GEO_TAGS.ModelTiepoint) || tags.includes(GEO_TAGS.ModelTransformation);
}
