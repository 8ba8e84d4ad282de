/**
 * Full-width row bands served from one cached chunk of rows (`chunkRows` of them): a request outside the chunk
 * decodes a new one that starts a little above the request, so readers moving down the image (sliding windows)
 * rarely decode a row twice. Shared by the sharp and the GeoTIFF region readers.
 */
import type { PixelArray, RasterImage } from '../core/types.js';

export function chunkedRows(width: number, height: number, channels: number, chunkRows: number, decodeRows: (top: number, rows: number) => Promise<PixelArray>): (y0: number, y1: number) => Promise<RasterImage> {
  const rowSamples = width * channels;
  let cache: { y: number; rows: number; data: PixelArray } | undefined;
  return async (y0, y1) => {
    if (!cache || y0 < cache.y || y1 > cache.y + cache.rows) {
      const rows = Math.min(height, Math.max(chunkRows, y1 - y0));
      const above = Math.floor((rows - (y1 - y0)) / 4);
      const y = Math.min(Math.max(0, y0 - above), height - rows);
      cache = undefined; // let the old chunk go before the new one is decoded
      cache = { y, rows, data: await decodeRows(y, rows) };
    }
    const start = (y0 - cache.y) * rowSamples;
    return { data: cache.data.subarray(start, start + (y1 - y0) * rowSamples), width, height: y1 - y0, channels };
  };
}

/** Rows per chunk for a budget in bytes. */
export function rowsForBudget(chunkBytes: number, rowSamples: number, bytesPerSample: number): number {
  return Math.max(1, Math.floor(chunkBytes / (rowSamples * bytesPerSample)));
}
