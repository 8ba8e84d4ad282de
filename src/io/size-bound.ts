/**
 * A compressed image cannot expand beyond what its format allows: the declared size is checked against the file
 * size before any pixel is decoded, so a 33 KB file declaring 480x65500 pixels is refused instead of being
 * decoded as 31 million mostly-zero pixels (and then segmented for minutes). Bounds, derived in docs/inputs.md:
 *
 * - PNG: deflate expands at most 1032:1, and every row holds at least a filter byte and one bit per pixel;
 * - JPEG (Huffman): every 8x8 block of the first component costs at least one bit (a DC code), so at most
 *   512 pixels per byte; arithmetic-coded JPEG has no such bound;
 * - GIF: a 12-bit LZW code stands for at most 4096 pixels, so at most 2731 pixels per byte;
 * - WebP, TIFF, HEIF/AVIF: no useful bound (one-symbol Huffman codes cost 0 bits in WebP lossless; CCITT fax and
 *   sparse strips in TIFF; video coding in HEIF): only the pixel limit applies.
 */
import { SemsegError } from '../core/errors.js';
import { FORMAT_NAMES, jpegCoding, type ImageFormat } from './sniff.js';

export const DEFLATE_MAX_RATIO = 1032;
export const JPEG_PIXELS_PER_BYTE = 512;
export const GIF_PIXELS_PER_BYTE = 2731;

/** Fewest bytes a file of this format needs for width x height pixels; 0 when the format has no bound. */
export function minimumFileBytes(format: ImageFormat, width: number, height: number, head: Uint8Array): number {
  if (format === 'png') return (height * (Math.ceil(width / 8) + 1)) / DEFLATE_MAX_RATIO;
  if (format === 'jpeg') return jpegCoding(head) === 'arithmetic' ? 0 : (width * height) / JPEG_PIXELS_PER_BYTE;
  if (format === 'gif') return (width * height) / GIF_PIXELS_PER_BYTE;
  return 0;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Throws IMAGE_TOO_LARGE when the declared size is above `maxPixels` or beyond what the file's bytes can hold. */
export function checkDeclaredSize(format: ImageFormat, width: number, height: number, fileBytes: number, head: Uint8Array, maxPixels: number): void {
  const name = FORMAT_NAMES[format];
  if (width * height > maxPixels) {
    throw new SemsegError('IMAGE_TOO_LARGE', `Expected at most ${maxPixels} pixels but received a ${width}x${height} ${name} (raise --max-pixels or use tiled inference)`);
  }
  if (fileBytes < minimumFileBytes(format, width, height, head)) {
    throw new SemsegError(
      'IMAGE_TOO_LARGE',
      `Expected an image its file can hold but received a ${name} that declares ${width}x${height} pixels in only ${formatBytes(fileBytes)} (corrupt header)`,
    );
  }
}
