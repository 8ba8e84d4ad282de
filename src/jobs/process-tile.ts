/**
 * One tile of a huge raster: its region (core + margin) is read from the file, segmented with the raster's own
 * window size and step, and the core's labels are written (raw, row-major) atomically for the parent to stitch.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../io/file-sink.js';
import { openImageRegions } from '../io/region-reader.js';
import { decodeOptionsFor } from '../io/decode.js';
import { cropImage } from '../inference/row-source.js';
import { predict } from '../pipeline/predict.js';
import type { SegmentationModel } from '../models/types.js';
import type { TileJobData, TileResult } from './job-data.js';

export async function processTile(model: SegmentationModel, data: TileJobData, signal?: AbortSignal): Promise<TileResult> {
  const { region, core, settings } = data;
  // A one-row chunk budget: exactly the region's rows are decoded.
  const regions = await openImageRegions(data.input, { ...decodeOptionsFor(model.card), maxPixels: settings.maxPixels, chunkBytes: 1 });
  const rows = await regions.readRows(region.y, region.y + region.height);
  const image = cropImage(rows, region.x, 0, region.width, region.height);
  const { map } = await predict(model, image, {
    mode: 'slide',
    crop: data.crop,
    stride: data.stride,
    blend: settings.blend,
    tta: {},
    outputs: [],
    confidence: false,
    timeoutMs: settings.timeoutMs,
    signal,
  });
  const labels = new (map.labels.constructor as new (n: number) => Uint8Array | Uint16Array)(core.width * core.height);
  const dx = core.x - region.x;
  const dy = core.y - region.y;
  for (let y = 0; y < core.height; y++) {
    const from = (dy + y) * map.width + dx;
    labels.set(map.labels.subarray(from, from + core.width), y * core.width);
  }
  await mkdir(dirname(data.file), { recursive: true });
  await writeFileAtomic(data.file, new Uint8Array(labels.buffer, labels.byteOffset, labels.byteLength));
  return { file: data.file, core };
}
