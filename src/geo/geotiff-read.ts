/**
 * GeoTIFF files -> RasterImage through geotiff.js: stripped, tiled and Cloud-Optimized layouts, any number of bands,
 * the source's own sample type (uint8, uint16, int16, float32; other integer and float types become float32), the
 * georeferencing (geokeys.ts) and GDAL's nodata value. Windows are read on their own, so a huge raster never needs to
 * be in memory whole (geotiff-regions.ts). Errors are DECODE_FAILED with geotiff.js's words as `detail`.
 */
import { fromArrayBuffer, fromFile, type GeoTIFFImage } from 'geotiff';
import type { PixelArray, RasterImage } from '../core/types.js';
import { boundLine, SemsegError } from '../core/errors.js';
import { checkDeclaredSize } from '../io/size-bound.js';
import { GEO_TAGS, geoReferenceOf, type GeoReference, type RawGeoKeys } from './geokeys.js';

export type SampleType = 'uint8' | 'uint16' | 'int16' | 'float32';

/** An open GeoTIFF: its header facts and a reader of pixel windows (all bands, interleaved). */
export interface GeoTiffSource {
  readonly width: number;
  readonly height: number;
  readonly bands: number;
  readonly sampleType: SampleType;
  readonly nodata?: number;
  readonly geo?: GeoReference;
  readonly geoKeys?: RawGeoKeys;
  /** Samples of columns [x0, x1) and rows [y0, y1), every band, interleaved (HWC). */
  readWindow(x0: number, y0: number, x1: number, y1: number): Promise<PixelArray>;
  close(): Promise<void>;
}

const SAMPLE_FORMAT = { uint: 1, int: 2, float: 3 } as const;

function sampleTypeOf(image: GeoTIFFImage): SampleType {
  const bands = image.getSamplesPerPixel();
  const kinds = new Set(Array.from({ length: bands }, (_, i) => `${image.getSampleFormat(i) ?? 1}:${image.getBitsPerSample(i)}`));
  if (kinds.size !== 1) return 'float32';
  const [format, bits] = [...kinds][0].split(':').map(Number);
  if (format === SAMPLE_FORMAT.uint && bits === 8) return 'uint8';
  if (format === SAMPLE_FORMAT.uint && bits === 16) return 'uint16';
  if (format === SAMPLE_FORMAT.int && (bits === 16 || bits === 8)) return 'int16';
  return 'float32';
}

const ARRAYS = { uint8: Uint8Array, uint16: Uint16Array, int16: Int16Array, float32: Float32Array } as const;

function asSampleType(data: ArrayLike<number> & { constructor: unknown }, type: SampleType): PixelArray {
  const Target = ARRAYS[type];
  return data instanceof Target ? data : Target.from(data);
}

export function geoTiffFailure(error: unknown): SemsegError {
  if (error instanceof SemsegError) return error;
  const detail = boundLine(error instanceof Error ? error.message : String(error), 200);
  return new SemsegError('DECODE_FAILED', 'Expected a readable GeoTIFF for image but received a corrupt or unsupported TIFF', { detail, cause: error });
}

const numbers = (value: unknown): number[] | undefined => (value && typeof (value as ArrayLike<number>).length === 'number' ? Array.from(value as ArrayLike<number>, Number) : undefined);

async function describe(image: GeoTIFFImage, bytes: number, maxPixels: number, close: () => Promise<void>): Promise<GeoTiffSource> {
  const [width, height] = [image.getWidth(), image.getHeight()];
  checkDeclaredSize('tiff', width, height, bytes, new Uint8Array(0), maxPixels);
  const directory = image.getFileDirectory();
  const tag = async (id: number) => (directory.hasTag(id) ? numbers(await directory.loadValue(id)) : undefined);
  const geo = geoReferenceOf(image.getGeoKeys(), {
    tiepoint: await tag(GEO_TAGS.ModelTiepoint),
    pixelScale: await tag(GEO_TAGS.ModelPixelScale),
    transformation: await tag(GEO_TAGS.ModelTransformation),
  });
  const directoryKeys = await tag(GEO_TAGS.GeoKeyDirectory);
  const ascii = directory.hasTag(GEO_TAGS.GeoAsciiParams) ? await directory.loadValue(GEO_TAGS.GeoAsciiParams) : undefined;
  const geoKeys: RawGeoKeys | undefined = directoryKeys && { directory: directoryKeys, doubles: await tag(GEO_TAGS.GeoDoubleParams), ...(typeof ascii === 'string' ? { ascii } : {}) };
  const nodata = image.getGDALNoData();
  const sampleType = sampleTypeOf(image);
  return {
    width,
    height,
    bands: image.getSamplesPerPixel(),
    sampleType,
    ...(nodata !== null && nodata !== undefined ? { nodata } : {}),
    ...(geo ? { geo } : {}),
    ...(geoKeys ? { geoKeys } : {}),
    async readWindow(x0, y0, x1, y1) {
      try {
        const data = await image.readRasters({ window: [x0, y0, x1, y1], interleave: true });
        return asSampleType(data as unknown as Float32Array, sampleType);
      } catch (error) {
        throw geoTiffFailure(error);
      }
    },
    close,
  };
}

/** Opens a GeoTIFF (path: read window by window from the file; bytes: from memory). */
export async function openGeoTiff(input: string | Uint8Array, size: number, maxPixels: number): Promise<GeoTiffSource> {
  try {
    const tiff = typeof input === 'string' ? await fromFile(input) : await fromArrayBuffer(input.buffer.slice(input.byteOffset, input.byteOffset + input.byteLength) as ArrayBuffer);
    const image = await tiff.getImage(0);
    return await describe(image, size, maxPixels, async () => {
      await tiff.close();
    });
  } catch (error) {
    throw geoTiffFailure(error);
  }
}

/** The SourceMeta a GeoTIFF gives: format, georeferencing (affine, crs, geo) and nodata. */
export function geoTiffMeta(source: GeoTiffSource, path: string | undefined): RasterImage['meta'] {
  return {
    source: path,
    format: 'tiff',
    originalChannels: source.bands,
    depth: source.sampleType,
    ...(source.geo ? { affine: source.geo.affine, crs: source.geo.crs, geo: { geographic: source.geo.geographic, metresPerUnit: source.geo.metresPerUnit, unit: source.geo.unitName } } : {}),
    ...(source.geoKeys ? { geoKeys: source.geoKeys } : {}),
    ...(source.nodata !== undefined ? { nodata: source.nodata } : {}),
  };
}

/** A whole GeoTIFF as one RasterImage (every band, the source's sample type). */
export async function decodeGeoTiff(input: string | Uint8Array, size: number, maxPixels: number, path?: string): Promise<RasterImage> {
  const source = await openGeoTiff(input, size, maxPixels);
  try {
    const data = await source.readWindow(0, 0, source.width, source.height);
    return { data, width: source.width, height: source.height, channels: source.bands, meta: geoTiffMeta(source, path ?? (typeof input === 'string' ? input : undefined)) };
  } finally {
    await source.close();
  }
}
