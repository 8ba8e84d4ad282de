/**
 * A GeoTIFF read region by region: full-width row bands from geotiff.js windows (only the strips or tiles they
 * touch are read and decoded), cached a chunk at a time (io/row-chunks.ts). The same shape as io/region-reader's
 * ImageRegions, with the file's georeferencing and nodata in `meta`.
 */
import type { RasterImage, SourceMeta } from '../core/types.js';
import { chunkedRows, rowsForBudget } from '../io/row-chunks.js';
import { stat } from 'node:fs/promises';
import { geoTiffMeta, openGeoTiff } from './geotiff-read.js';

const BYTES = { uint8: 1, uint16: 2, int16: 2, float32: 4 } as const;

export interface GeoTiffRegions {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly meta: SourceMeta;
  readRows(y0: number, y1: number): Promise<RasterImage>;
  close(): Promise<void>;
}

export async function openGeoTiffRegions(path: string, options: { maxPixels: number; chunkBytes?: number }): Promise<GeoTiffRegions> {
  const source = await openGeoTiff(path, (await stat(path)).size, options.maxPixels);
  const { width, height, bands } = source;
  const chunkRows = rowsForBudget(options.chunkBytes ?? 64 * 2 ** 20, width * bands, BYTES[source.sampleType]);
  const readRows = chunkedRows(width, height, bands, chunkRows, (top, rows) => source.readWindow(0, top, width, top + rows));
  return { width, height, channels: bands, meta: geoTiffMeta(source, path) ?? {}, readRows, close: () => source.close() };
}
