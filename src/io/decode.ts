/**
 * Files and buffers -> RasterImage through sharp (libvips), EXIF orientation applied. Two ways (`pixels`):
 *
 * - `rgb8` (default): grey, alpha, palette, 16-bit and CMYK inputs all come out as sRGB, 3 channels, 8 bits;
 * - `source`: the source's own bands (alpha included) and sample type: uint8, uint16, int16 or float32 (other
 *   depths become float32), for cards with `input.bands`, `input.range` or other than 1 or 3 channels.
 *
 * Before any pixel is decoded the format is sniffed from the bytes and the declared size is checked against the
 * pixel limit and against what the file's bytes can hold (size-bound.ts). Decoding fails on errors, not only on
 * truncation (`failOn: 'error'`), and a JPEG whose entropy data ends early is refused (docs/inputs.md). Errors are
 * one line in plain words with libvips's own first line as `detail` (decode-error.ts).
 */
import { open, readFile, stat } from 'node:fs/promises';
import sharp, { type Metadata } from 'sharp';
import type { PixelArray, RasterImage } from '../core/types.js';
import { SemsegError } from '../core/errors.js';
import type { ModelCard } from '../models/card-schema.js';
import { decodeFailure, ownFirstLine } from './decode-error.js';
import { HEAD_BYTES, sniffFormat, type ImageFormat } from './sniff.js';
import { checkDeclaredSize } from './size-bound.js';
import { decodeGeoTiff } from '../geo/geotiff-read.js';
import { isGeoTiff } from '../geo/tiff-probe.js';

export type PixelMode = 'rgb8' | 'source';

export interface DecodeOptions {
  /** Refuse images with more pixels than this (width x height). Default 100 million. */
  maxPixels?: number;
  /** `rgb8` (default): 8-bit sRGB, 3 channels; `source`: the source's bands and sample type. */
  pixels?: PixelMode;
}

export const DEFAULT_MAX_PIXELS = 100_000_000;

/** libvips's level: fail on truncation and on decoder errors, accept warnings (measured in docs/inputs.md). */
export const FAIL_ON = 'error' as const;

/** Files up to this size are read whole first: sharp would otherwise open them twice (header, then pixels). */
const READ_WHOLE_BELOW = 64 * 1024 * 1024;
/** Bytes at the end of a file where end markers are looked for. */
const TAIL_BYTES = 1024;

/** How a model needs its images decoded (the pipeline calls this once per model). */
export function decodeOptionsFor(card: ModelCard): DecodeOptions {
  const { bands, range, channels } = card.input;
  return { pixels: bands !== undefined || range !== undefined || (channels !== 1 && channels !== 3) ? 'source' : 'rgb8' };
}

/** What sharp decodes from, and the bytes sniffing and the size bound read. */
export interface ImageBytes {
  input: Buffer | string;
  size: number;
  head: Uint8Array;
  tail: Uint8Array;
  format: ImageFormat | undefined;
}

async function readEnds(path: string, size: number): Promise<{ head: Uint8Array; tail: Uint8Array }> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
    const tail = Buffer.alloc(Math.min(TAIL_BYTES, size));
    await file.read(head, 0, head.length, 0);
    await file.read(tail, 0, tail.length, size - tail.length);
    return { head, tail };
  } finally {
    await file.close();
  }
}

/**
 * Reads and sniffs: small files whole (unless `whole` is false), large ones only at both ends, sharp then reading
 * the path; IO_FAILED when the file cannot be read.
 */
export async function readImageBytes(input: string | Buffer | Uint8Array, whole = true): Promise<ImageBytes> {
  if (typeof input !== 'string') {
    const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    return { input: bytes, size: bytes.length, head: bytes.subarray(0, HEAD_BYTES), tail: bytes.subarray(-TAIL_BYTES), format: sniffFormat(bytes) };
  }
  try {
    const { size } = await stat(input);
    if (whole && size < READ_WHOLE_BELOW) return readImageBytes(await readFile(input));
    const { head, tail } = await readEnds(input, size);
    return { input, size, head, tail, format: sniffFormat(head) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'an unreadable file';
    throw new SemsegError('IO_FAILED', `Expected a readable image file but received ${code}`, { cause: error });
  }
}

/** Header facts of a sniffed, size-checked image (no pixels decoded). */
export async function inspectImage(bytes: ImageBytes, maxPixels: number): Promise<Metadata> {
  const facts = { format: bytes.format, bytes: bytes.size, tail: bytes.tail };
  if (bytes.size === 0 || !bytes.format) throw decodeFailure({ ...facts, stage: 'header' }, '');
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes.input, { limitInputPixels: false, failOn: FAIL_ON }).metadata();
  } catch (error) {
    throw decodeFailure({ ...facts, stage: 'header' }, error);
  }
  checkDeclaredSize(bytes.format, metadata.width ?? 0, metadata.height ?? 0, bytes.size, bytes.head, maxPixels);
  return metadata;
}

type RawDepth = 'uchar' | 'ushort' | 'short' | 'float';
/** sharp's raw depth for a source depth: the four sample types kept, the others as float. */
const RAW_DEPTH: Record<string, RawDepth> = { uchar: 'uchar', ushort: 'ushort', short: 'short', char: 'short', float: 'float' };
export const BYTES_PER_SAMPLE: Readonly<Record<RawDepth, number>> = { uchar: 1, ushort: 2, short: 2, float: 4 };

/** The raw depth that keeps a source's samples (`source` mode). */
export function rawDepth(metadata: Metadata): RawDepth {
  return RAW_DEPTH[metadata.depth ?? 'uchar'] ?? 'float';
}

/** sharp's raw output as the typed array of its depth. */
export function typedSamples(data: Buffer, depth: RawDepth): PixelArray {
  // sharp's buffers start on an aligned offset in practice; copy when one does not.
  const aligned = depth === 'uchar' || data.byteOffset % 4 === 0 ? data : Buffer.from(data);
  const { buffer, byteOffset, byteLength } = aligned;
  if (depth === 'ushort') return new Uint16Array(buffer, byteOffset, byteLength / 2);
  if (depth === 'short') return new Int16Array(buffer, byteOffset, byteLength / 2);
  if (depth === 'float') return new Float32Array(buffer, byteOffset, byteLength / 4);
  return new Uint8Array(buffer, byteOffset, byteLength);
}

/** libjpeg's "premature end of data segment" is only a warning: the rest of the image would be filled with grey. */
const JPEG_CUT_SHORT = /premature end/i;

async function decodePixels(bytes: ImageBytes, metadata: Metadata, mode: PixelMode, maxPixels: number) {
  const depth = mode === 'rgb8' ? 'uchar' : rawDepth(metadata);
  const run = (failOn: 'error' | 'warning') => {
    const pipeline = sharp(bytes.input, { limitInputPixels: maxPixels, failOn }).rotate();
    const shaped = mode === 'rgb8' ? pipeline.toColourspace('srgb').removeAlpha() : pipeline.toColourspace(metadata.space);
    return shaped.raw({ depth }).toBuffer({ resolveWithObject: true });
  };
  if (bytes.format !== 'jpeg') return { ...(await run(FAIL_ON)), depth };
  try {
    return { ...(await run('warning')), depth };
  } catch (error) {
    const line = ownFirstLine((error as Error).message, 'jpeg') ?? '';
    if (JPEG_CUT_SHORT.test(line)) throw error;
    // Other libjpeg warnings (a damaged byte in the entropy data, extra bytes before a marker) decode legitimately.
    return { ...(await run(FAIL_ON)), depth };
  }
}

/**
 * TIFFs that geotiff.js reads instead of sharp: GeoTIFFs (their georeferencing and nodata are kept), and any TIFF whose
 * own bands and sample type are asked for (band selection, 16-bit, float).
 */
export function readsAsGeoTiff(bytes: Pick<ImageBytes, 'format' | 'head' | 'input'>, mode: PixelMode): boolean {
  // Files read whole are probed whole: their first IFD may lie beyond the head.
  return bytes.format === 'tiff' && (mode === 'source' || isGeoTiff(typeof bytes.input === 'string' ? bytes.head : bytes.input));
}

export async function decodeImage(input: string | Buffer | Uint8Array, options: DecodeOptions = {}): Promise<RasterImage> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const mode = options.pixels ?? 'rgb8';
  const bytes = await readImageBytes(input);
  if (readsAsGeoTiff(bytes, mode)) return decodeGeoTiff(bytes.input, bytes.size, maxPixels, typeof input === 'string' ? input : undefined);
  const metadata = await inspectImage(bytes, maxPixels);
  let decoded: Awaited<ReturnType<typeof decodePixels>>;
  try {
    decoded = await decodePixels(bytes, metadata, mode, maxPixels);
  } catch (error) {
    throw decodeFailure({ format: bytes.format, bytes: bytes.size, tail: bytes.tail, stage: 'pixels' }, error);
  }
  const { data, info, depth } = decoded;
  return {
    data: typedSamples(data, depth),
    width: info.width,
    height: info.height,
    channels: info.channels,
    meta: {
      source: typeof input === 'string' ? input : undefined,
      format: bytes.format,
      originalChannels: metadata.channels,
      space: metadata.space,
      depth: metadata.depth,
      hasAlpha: metadata.hasAlpha,
    },
  };
}
