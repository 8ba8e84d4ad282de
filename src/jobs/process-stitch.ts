/**
 * The parent of a raster's tiles, run once every tile is done: the tiles' core labels are placed into one label
 * raster, which is encoded (labels, colour, JSON statistics; for a GeoTIFF source also the georeferenced label
 * GeoTIFF and GeoJSON polygons; no overlay or confidence) and written atomically. The tile files are removed
 * afterwards.
 */
import { readFile, rm } from 'node:fs/promises';
import type { LabelMap } from '../core/types.js';
import { SemsegError } from '../core/errors.js';
import { resolveInference } from '../inference/options.js';
import { compressLabels, encodeColorPng, encodeLabelPng } from '../formats/encode.js';
import { classStats } from '../formats/render.js';
import { encodePredictionJson, predictionJson } from '../formats/prediction-json.js';
import { GEOTIFF_AUX, OUTPUT_FORMATS, type OutputKind } from '../pipeline/outputs.js';
import type { SegmentationModel } from '../models/types.js';
import type { ImageResult, StitchJobData, TileResult } from './job-data.js';
import { writeOutputFiles } from '../io/output-files.js';
import { readsAsGeoTiff, readImageBytes } from '../io/decode.js';
import { geoTiffMeta, openGeoTiff } from '../geo/geotiff-read.js';
import { encodeCategoryAux, encodeLabelGeoTiff } from '../geo/geotiff-write.js';
import { encodeGeojson } from '../vectors/geojson.js';

/** What a tiled raster can be written as. */
export const TILED_OUTPUTS: readonly OutputKind[] = ['labels', 'color', 'json', 'geotiff', 'geojson'];

/** The georeferencing of a GeoTIFF source (header only), so that the stitched outputs keep it; none for others. */
async function sourceMeta(data: StitchJobData): Promise<LabelMap['meta']> {
  const bytes = await readImageBytes(data.input, false);
  if (!readsAsGeoTiff(bytes, 'rgb8')) return { source: data.source };
  const source = await openGeoTiff(data.input, bytes.size, Number.POSITIVE_INFINITY);
  try {
    return geoTiffMeta(source, data.source);
  } finally {
    await source.close();
  }
}

export async function stitchLabels(model: SegmentationModel, data: StitchJobData, tiles: TileResult[]): Promise<LabelMap> {
  const { width, height } = data;
  const { classes } = model.card;
  const labels = classes.length > 256 ? new Uint16Array(width * height) : new Uint8Array(width * height);
  let covered = 0;
  for (const { file, core } of tiles) {
    const bytes = await readFile(file);
    const tile = labels instanceof Uint16Array ? new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2) : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (tile.length !== core.width * core.height) throw new SemsegError('IO_FAILED', `Expected ${core.width * core.height} labels in tile ${file} but received ${tile.length}`);
    for (let y = 0; y < core.height; y++) labels.set(tile.subarray(y * core.width, (y + 1) * core.width), (core.y + y) * width + core.x);
    covered += tile.length;
  }
  if (covered !== width * height) throw new SemsegError('INTERNAL', `Expected tiles covering ${width * height} pixels for ${data.source} but received ${covered}`);
  return { labels, width, height, classes };
}

export async function processStitch(model: SegmentationModel, data: StitchJobData, tiles: TileResult[]): Promise<ImageResult> {
  const map = await stitchLabels(model, data, tiles);
  const { card } = model;
  if (data.settings.outputs.some((o) => o === 'geotiff' || o === 'geojson')) map.meta = await sourceMeta(data);
  const stats = classStats(map);
  const inference = resolveInference(card, map.width, map.height, { mode: 'slide', crop: data.crop, stride: data.stride, blend: data.settings.blend, tta: {} });
  const json = predictionJson({ source: data.source, model: { name: card.name, version: card.version }, width: map.width, height: map.height, inference, classes: card.classes, stats });
  const want = data.settings.outputs.filter((o) => TILED_OUTPUTS.includes(o));
  const compressed = want.includes('labels') ? compressLabels(map) : undefined;
  const encoders: Partial<Record<OutputKind, () => Promise<Uint8Array> | Uint8Array>> = {
    labels: () => encodeLabelPng(map, compressed),
    color: () => encodeColorPng(map, compressed),
    json: () => encodePredictionJson(json),
    geotiff: () => encodeLabelGeoTiff(map),
    geojson: () => encodeGeojson(map),
  };
  const outputs = await Promise.all(want.map(async (kind) => ({ extension: OUTPUT_FORMATS[kind].extension, bytes: await encoders[kind]!() })));
  if (want.includes('geotiff')) outputs.push({ extension: GEOTIFF_AUX.extension, bytes: encodeCategoryAux(card.classes) });
  const files = await writeOutputFiles(data.out, data.name, outputs);
  await rm(data.tileDir, { recursive: true, force: true });
  const skipped = data.settings.outputs.filter((o) => !TILED_OUTPUTS.includes(o));
  return { source: data.source, files, width: map.width, height: map.height, stats, tiles: tiles.length, ...(skipped.length ? { skipped } : {}) };
}
