/**
 * Files and buffers -> 8-bit RGB RasterImage through sharp (libvips). EXIF orientation is applied; grey, alpha,
 * palette, 16-bit and CMYK inputs all come out as sRGB, 3 channels, 8 bits (alpha is dropped, colour kept).
 */
import { readFile, stat } from 'node:fs/promises';
import sharp from 'sharp';
import type { RasterImage } from '../core/types.js';
import { SemsegError } from '../core/errors.js';

export interface DecodeOptions {
  /** Refuse images with more pixels than this (width x height). Default 100 million. */
  maxPixels?: number;
}

export const DEFAULT_MAX_PIXELS = 100_000_000;

/** Files up to this size are read whole first: sharp would otherwise open them twice (header, then pixels). */
const READ_WHOLE_BELOW = 64 * 1024 * 1024;

async function readSmallFile(path: string): Promise<string | Buffer> {
  return (await stat(path)).size < READ_WHOLE_BELOW ? readFile(path) : path;
}

export async function decodeImage(input: string | Buffer | Uint8Array, options: DecodeOptions = {}): Promise<RasterImage> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const label = typeof input === 'string' ? input : 'image buffer';
  try {
    const bytes = typeof input === 'string' ? await readSmallFile(input) : input;
    const pipeline = sharp(bytes, { limitInputPixels: maxPixels, failOn: 'truncated' }).rotate();
    const metadata = await pipeline.metadata();
    const { data, info } = await pipeline.toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const pixels = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return {
      data: pixels,
      width: info.width,
      height: info.height,
      channels: info.channels,
      meta: {
        source: typeof input === 'string' ? input : undefined,
        format: metadata.format,
        originalChannels: metadata.channels,
        space: metadata.space,
        depth: metadata.depth,
        hasAlpha: metadata.hasAlpha,
      },
    };
  } catch (error) {
    const message = (error as Error).message;
    if (/pixel limit/i.test(message)) {
      throw new SemsegError('IMAGE_TOO_LARGE', `Expected at most ${maxPixels} pixels for ${label} but received a larger image (raise --max-pixels or use tiled inference)`);
    }
    throw new SemsegError('DECODE_FAILED', `Expected a decodable image for ${label} but received: ${message}`, { cause: error });
  }
}
