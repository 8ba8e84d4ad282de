/**
 * Huge images read band by band with sharp's `extract`, never decoded whole: a row source for sliding windows
 * (inference/row-source.ts) over a file. Bands are served from one cached chunk of full-width rows (`chunkBytes`,
 * default 64 MB); a request outside it decodes a new chunk that starts a little above the request, so readers
 * moving down the image (sliding windows) rarely decode a row twice. Formats that libvips reads sequentially (PNG,
 * JPEG) decode from the top on each chunk; tiled TIFF reads only the tiles it needs. Pixels come out as decode.ts
 * gives them (8-bit sRGB, 3 channels, or with `pixels: 'source'` the source's bands and sample type); EXIF orientation is not applied (it would need the whole image), so rotated
 * huge images are refused. libvips's operation cache is emptied after each band, its limits left as they were.
 */
import sharp from 'sharp';
import type { PixelArray, RasterImage, SourceMeta } from '../core/types.js';
import { SemsegError } from '../core/errors.js';
import { BYTES_PER_SAMPLE, DEFAULT_MAX_PIXELS, FAIL_ON, inspectImage, rawDepth, readImageBytes, readsAsGeoTiff, typedSamples, type PixelMode } from './decode.js';
import { chunkedRows, rowsForBudget } from './row-chunks.js';
import { openGeoTiffRegions } from '../geo/geotiff-regions.js';
import { decodeFailure } from './decode-error.js';

export interface RegionReaderOptions {
  /** Refuse images with more pixels than this. Default as decode.ts. */
  maxPixels?: number;
  /** Bytes of decoded rows kept at once. Default 64 MB. */
  chunkBytes?: number;
  /** `rgb8` (default) or the source's own bands and sample type, as decode.ts (see decodeOptionsFor). */
  pixels?: PixelMode;
}

/** Full-width bands of an image file; the same shape as inference's RowSource. */
export interface ImageRegions {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  /** Rows [y0, y1) at full width, interleaved: 8-bit RGB, or the source's bands and samples. */
  readRows(y0: number, y1: number): Promise<RasterImage>;
  /** What the file says about itself (GeoTIFFs: georeferencing and nodata). */
  readonly meta?: SourceMeta;
  /** Releases the open file (GeoTIFFs keep one open between windows). */
  close?(): Promise<void>;
}

const CHANNELS = 3;
export const DEFAULT_CHUNK_BYTES = 64 * 2 ** 20;

/**
 * An image's size from its header alone: as stored, and as decodeImage() will see it (EXIF orientation applied).
 * The format is sniffed and the declared size checked against the file size (decode.ts), not the pixel limit.
 */
export async function imageSize(path: string): Promise<{ width: number; height: number; orientation: number; oriented: { width: number; height: number } }> {
  const bytes = await readImageBytes(path, false);
  if (readsAsGeoTiff(bytes, 'rgb8')) {
    const regions = await openGeoTiffRegions(path, { maxPixels: Number.POSITIVE_INFINITY });
    const size = { width: regions.width, height: regions.height };
    await regions.close();
    return { ...size, orientation: 1, oriented: size };
  }
  const meta = await inspectImage(bytes, Number.POSITIVE_INFINITY);
  return { width: meta.width ?? 0, height: meta.height ?? 0, orientation: meta.orientation ?? 1, oriented: meta.autoOrient };
}

/**
 * Drops libvips's cached operations and leaves the cache limits as they were: the cache would keep the decoder of
 * every band alive (RSS grew by hundreds of MB over a 20000x20000 JPEG), and each band is decoded once here, so
 * its entries only cost memory. No process-wide setting changes (`sharp.cache()` reads the same afterwards).
 */
function dropCachedOperations(): void {
  const { memory, files, items } = sharp.cache();
  sharp.cache(false);
  sharp.cache({ memory: memory.max, files: files.max, items: items.max });
}

export async function openImageRegions(path: string, options: RegionReaderOptions = {}): Promise<ImageRegions> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const bytes = await readImageBytes(path, false);
  if (readsAsGeoTiff(bytes, options.pixels ?? 'rgb8')) return openGeoTiffRegions(path, { maxPixels, chunkBytes: options.chunkBytes });
  const meta = await inspectImage(bytes, maxPixels);
  const [width, height, orientation] = [meta.width ?? 0, meta.height ?? 0, meta.orientation ?? 1];
  if (orientation !== 1) {
    throw new SemsegError('DECODE_FAILED', `Expected EXIF orientation 1 (upright) for an image read region by region but received ${orientation}; rotate it first`);
  }
  const source = options.pixels === 'source';
  const channels = source ? meta.channels ?? 3 : CHANNELS;
  const depth = source ? rawDepth(meta) : 'uchar';
  // Samples per row (typed-array elements); the chunk budget is in bytes.
  const rowSamples = width * channels;
  const chunkRows = rowsForBudget(options.chunkBytes ?? DEFAULT_CHUNK_BYTES, rowSamples, BYTES_PER_SAMPLE[depth]);

  const decodeRows = async (top: number, rows: number): Promise<PixelArray> => {
    try {
      const region = sharp(path, { limitInputPixels: maxPixels, failOn: FAIL_ON, sequentialRead: true }).extract({ left: 0, top, width, height: rows });
      const shaped = source ? region.toColourspace(meta.space) : region.toColourspace('srgb').removeAlpha();
      const { data, info } = await shaped.raw({ depth }).toBuffer({ resolveWithObject: true });
      if (info.channels !== channels) throw new Error(`decoded ${info.channels} channels`);
      return typedSamples(data, depth);
    } catch (error) {
      throw decodeFailure({ format: bytes.format, bytes: bytes.size, tail: bytes.tail, stage: 'pixels' }, error);
    } finally {
      dropCachedOperations();
    }
  };

  return { width, height, channels, readRows: chunkedRows(width, height, channels, chunkRows, decodeRows) };
}
