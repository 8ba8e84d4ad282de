/**
 * Image formats told from their first bytes (magic numbers), never from the file name or from the decoder's error
 * text: libvips's error buffer is shared by concurrent decodes, so only the bytes say what a file is.
 */

/** Raster formats semseg decodes (docs/inputs.md says what each accepts). */
export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'tiff' | 'heif';

/** How people name each format in messages. */
export const FORMAT_NAMES: Readonly<Record<ImageFormat, string>> = { png: 'PNG', jpeg: 'JPEG', gif: 'GIF', webp: 'WebP', tiff: 'TIFF', heif: 'HEIF/AVIF' };

/** Bytes of the head that sniffing and the size bound read (JPEG frame headers can sit behind 64 KB of EXIF). */
export const HEAD_BYTES = 256 * 1024;

const startsWith = (bytes: Uint8Array, magic: number[], at = 0) => magic.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
const HEIF_BRANDS = new Set(['avif', 'avis', 'heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

export function sniffFormat(head: Uint8Array): ImageFormat | undefined {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return 'gif';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'webp';
  // Classic TIFF (42) and BigTIFF (43), little- and big-endian.
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(head, [0x49, 0x49, 0x2b, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2b])) return 'tiff';
  if (startsWith(head, ascii('ftyp'), 4) && HEIF_BRANDS.has(String.fromCharCode(...head.subarray(8, 12)))) return 'heif';
  return undefined;
}

/**
 * Whether the file visibly ends early: PNG without its IEND chunk, JPEG without an end-of-image marker near the
 * end, GIF without its trailer byte. Other formats have no end marker to look for (undefined).
 */
export function endMissing(format: ImageFormat, tail: Uint8Array): boolean | undefined {
  if (format === 'png') return !startsWith(tail, [0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82], tail.length - 8);
  if (format === 'gif') return tail[tail.length - 1] !== 0x3b;
  if (format === 'jpeg') {
    // Cameras and editors append bytes after EOI, so look at the last bytes rather than only the very end.
    for (let i = tail.length - 2; i >= 0; i--) if (tail[i] === 0xff && tail[i + 1] === 0xd9) return false;
    return true;
  }
  return undefined;
}

/**
 * The JPEG's entropy coding from its frame header (SOFn marker): arithmetic coding (SOF9..SOF15) has no useful
 * bound on bytes per block; undefined when no frame header is in `head`.
 */
export function jpegCoding(head: Uint8Array): 'huffman' | 'arithmetic' | undefined {
  let i = 2;
  while (i + 4 <= head.length && head[i] === 0xff) {
    const marker = head[i + 1];
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return marker >= 0xc9 ? 'arithmetic' : 'huffman';
    if (marker === 0xda || marker === 0xd9) return undefined;
    i += 2 + ((head[i + 2] << 8) | head[i + 3]);
  }
  return undefined;
}
