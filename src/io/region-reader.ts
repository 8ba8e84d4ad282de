/**
 * Huge images read band by band with sharp's `extract`, never decoded whole: a row source for sliding windows
 * (inference/row-source.ts) over a file. Bands are served from one cached chunk of full-width rows (`chunkBytes`,
 * default 64 MB); a request outside it decodes a new chunk that starts a little above the request, so readers
 * moving down the image (sliding windows) rarely decode a row twice. Formats that libvips reads sequentially (PNG,
 * JPEG) decode from the top on each chunk; tiled TIFF reads only the tiles it needs. Pixels come out as 8-bit
 * sRGB, 3 channels, like decode.ts; EXIF orientation is not applied (it would need the whole image), so rotated
 * huge images are refused. Opening a reader switches sharp's operation cache off (see below).
 */
import sharp from 'sharp';
import type { RasterImage } from '../core/types.js';
import { SemsegError } from '../core/errors.js';
import { DEFAULT_MAX_PIXELS } from './decode.js';

export interface RegionReaderOptions {
  /** Refuse images with more pixels than this. Default as decode.ts. */
  maxPixels?: number;
  /** Bytes of decoded rows kept at once. Default 64 MB. */
  chunkBytes?: number;
}

/** Full-width bands of an image file; the same shape as inference's RowSource. */
export interface ImageRegions {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  /** Rows [y0, y1) at full width, 8-bit RGB interleaved. */
  readRows(y0: number, y1: number): Promise<RasterImage>;
}

const CHANNELS = 3;

/** Width and height from the file header (no pixels decoded). */
/**
 * An image's size from its header alone: as stored, and as decodeImage() will see it (EXIF orientation applied).
 */
export async function imageSize(path: string): Promise<{ width: number; height: number; orientation: number; oriented: { width: number; height: number } }> {
  try {
    const meta = await sharp(path, { limitInputPixels: false }).metadata();
    return { width: meta.width ?? 0, height: meta.height ?? 0, orientation: meta.orientation ?? 1, oriented: meta.autoOrient };
  } catch (error) {
    throw new SemsegError('DECODE_FAILED', `Expected a decodable image for ${path} but received: ${(error as Error).message}`, { cause: error });
  }
}

export async function openImageRegions(path: string, options: RegionReaderOptions = {}): Promise<ImageRegions> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const { width, height, orientation } = await imageSize(path);
  if (width * height > maxPixels) {
    throw new SemsegError('IMAGE_TOO_LARGE', `Expected at most ${maxPixels} pixels for ${path} but received ${width}x${height} (raise --max-pixels)`);
  }
  if (orientation !== 1) {
    throw new SemsegError('DECODE_FAILED', `Expected EXIF orientation 1 (upright) for ${path}, read region by region, but received ${orientation}; rotate it first`);
  }
  // libvips's operation cache keeps the decoder of every band alive (RSS grew by hundreds of MB over a 20000x20000
  // JPEG); each band is decoded once here, so the cache only costs memory. This switches it off for the process.
  sharp.cache(false);
  const rowBytes = width * CHANNELS;
  const chunkRows = Math.max(1, Math.floor((options.chunkBytes ?? 64 * 2 ** 20) / rowBytes));
  let cache: { y: number; rows: number; data: Uint8Array } | undefined;

  const decodeRows = async (top: number, rows: number): Promise<Uint8Array> => {
    try {
      const { data, info } = await sharp(path, { limitInputPixels: maxPixels, failOn: 'truncated', sequentialRead: true })
        .extract({ left: 0, top, width, height: rows })
        .toColourspace('srgb')
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      if (info.channels !== CHANNELS) throw new Error(`decoded ${info.channels} channels`);
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    } catch (error) {
      throw new SemsegError('DECODE_FAILED', `Expected decodable rows ${top}..${top + rows} of ${path} but received: ${(error as Error).message}`, { cause: error });
    }
  };

  return {
    width,
    height,
    channels: CHANNELS,
    async readRows(y0: number, y1: number): Promise<RasterImage> {
      if (!cache || y0 < cache.y || y1 > cache.y + cache.rows) {
        const rows = Math.min(height, Math.max(chunkRows, y1 - y0));
        const above = Math.floor((rows - (y1 - y0)) / 4);
        const y = Math.min(Math.max(0, y0 - above), height - rows);
        cache = undefined; // let the old chunk go before the new one is decoded
        cache = { y, rows, data: await decodeRows(y, rows) };
      }
      const start = (y0 - cache.y) * rowBytes;
      return { data: cache.data.subarray(start, start + (y1 - y0) * rowBytes), width, height: y1 - y0, channels: CHANNELS };
    },
  };
}
