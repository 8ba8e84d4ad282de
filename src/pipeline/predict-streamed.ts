/**
 * One huge image, memory bounded: pixels are read region by region (io/region-reader), segmented with sliding
 * windows (inference/segment-rows) and every output is written strip by strip to its ByteSink as rows finish: label
 * PNG, colour PNG (indexed, up to 256 classes), confidence PNG, then the JSON statistics; a label GeoTIFF keeps only
 * its compressed tiles until the end, and class areas add up strip by strip (GeoTIFFs, docs/gis.md); nodata pixels
 * get the nodata label. No overlay (it would be the size of the photo again). On failure or cancellation every sink is aborted: no partial output remains.
 */
import { resolveInference, type InferenceOptions } from '../inference/options.js';
import { countRuns, segmentRows, type LabelStrip } from '../inference/segment-rows.js';
import { openImageRegions } from '../io/region-reader.js';
import { decodeOptionsFor } from '../io/decode.js';
import { checkInputImage } from '../preprocess/input-check.js';
import { openPngStripWriter, type PngStripOptions, type PngStripWriter } from '../formats/png-stream.js';
import { confidenceToGrey, type ClassStat } from '../formats/render.js';
import { encodePredictionJson, predictionJson, type PredictionJson } from '../formats/prediction-json.js';
import { writeAll, type ByteSink } from '../formats/byte-sink.js';
import type { SegmentationModel } from '../models/types.js';
import { GEOTIFF_AUX, OUTPUT_FORMATS, type OutputKind } from './outputs.js';
import { maskLabels, maskRegions, nodataLabel } from '../geo/nodata.js';
import { encodeCategoryAux, openLabelGeoTiff } from '../geo/geotiff-write.js';
import { encodeAreasCsv, geoSummary, openAreas } from '../geo/area-report.js';
import { openDeadline } from './deadline.js';

export interface StreamedOptions {
  outputs: readonly OutputKind[];
  maxPixels?: number;
  inference?: InferenceOptions;
  signal?: AbortSignal;
  /** Source value of nodata pixels, overriding the file's. */
  nodata?: number;
  /** The geotiff output with overviews in Cloud-Optimized order. */
  cog?: boolean;
  /** Called once the plan is known with a line for people and the window count; gets window progress back. */
  onStart?: (note: string, windows: number) => { update(done: number): void; done(): void } | undefined;
}

export interface StreamedResult {
  /** The outputs written, in order. */
  written: OutputKind[];
  stats: ClassStat[];
  json: PredictionJson;
  note: string;
}

export async function predictStreamed(model: SegmentationModel, file: string, sinkFor: (kind: OutputKind, extension: string) => ByteSink, options: StreamedOptions): Promise<StreamedResult> {
  const deadline = openDeadline(options.signal, undefined);
  const regions = await openImageRegions(file, { ...decodeOptionsFor(model.card), maxPixels: options.maxPixels });
  const { source, maskRows } = maskRegions(regions, model.card.input, options.nodata);
  const { width, height } = source;
  // The first row stands for the image: bands and sample type are the same in every row.
  try {
    checkInputImage(await source.readRows(0, 1), model.card.input);
  } catch (error) {
    await regions.close?.();
    throw error;
  }
  const inference = resolveInference(model.card, width, height, options.inference, true);
  const { classes } = model.card;
  const want = new Set(options.outputs);
  const skipped = [want.has('overlay') ? 'overlay' : '', want.has('color') && classes.length > 256 ? 'color (more than 256 classes)' : ''].filter(Boolean);
  // Polygons and instances need the whole map at once.
  for (const kind of ['geojson', 'coco', 'instances'] as const) if (want.has(kind)) skipped.push(kind);
  const note = `${width}x${height}, ${inference.reason}${skipped.length ? `; not written: ${skipped.join(', ')}` : ''}`;
  const writers: { kind: OutputKind; writer: PngStripWriter; samples: (strip: LabelStrip) => Uint8Array | Uint16Array }[] = [];
  const open = (kind: OutputKind, samples: (strip: LabelStrip) => Uint8Array | Uint16Array, png: Omit<PngStripOptions, 'width' | 'height'>) => {
    writers.push({ kind, samples, writer: openPngStripWriter(sinkFor(kind, OUTPUT_FORMATS[kind].extension), { width, height, ...png }) });
  };
  if (want.has('labels')) open('labels', (s) => s.labels, { sixteen: classes.length > 256 });
  // Palette up to the nodata label: nodata pixels (255) are black.
  const palette = classes.map((c) => c.color);
  const maskable = regions.meta?.nodata !== undefined || options.nodata !== undefined || regions.meta?.depth === 'float32';
  if (maskable) while (palette.length < 256) palette.push([0, 0, 0]);
  if (want.has('color') && classes.length <= 256) open('color', (s) => s.labels, { palette });
  const geotiff = want.has('geotiff') ? openLabelGeoTiff(width, height, classes.some((c) => c.id >= 255), classes, regions.meta, { cog: options.cog }) : undefined;
  const areas = openAreas(regions.meta, width, classes);
  let nodataPixels = 0;
  let sixteen = false;
  if (want.has('confidence')) open('confidence', (s) => confidenceToGrey(s.confidence!), {});
  const pixels = new Float64Array(classes.length);
  const confidenceSums = new Float64Array(classes.length);
  const wantConfidence = want.has('json') || want.has('confidence');
  const progress = options.onStart?.(note, countRuns(width, height, inference));
  // `signal` reaches the model runs (the runtime checks it); strips check it too.
  const rowOptions = { confidence: wantConfidence, onProgress: (done: number) => progress?.update(done), signal: deadline.signal };
  try {
    await segmentRows(
      model,
      source,
      inference,
      async (strip) => {
        deadline.check();
        const mask = await maskRows(strip.y, strip.rows);
        if (mask) {
          strip = { ...strip, labels: maskLabels(strip.labels, mask, classes) };
          for (let i = 0; i < mask.length; i++) nodataPixels += mask[i];
        }
        sixteen ||= strip.labels instanceof Uint16Array;
        const { labels, confidence } = strip;
        geotiff?.write(labels, strip.rows);
        areas?.add(labels, strip.y, strip.rows);
        for (let i = 0; i < labels.length; i++) pixels[labels[i]]++;
        if (confidence) for (let i = 0; i < labels.length; i++) confidenceSums[labels[i]] += confidence[i];
        await Promise.all(writers.map((w) => w.writer.write(w.samples(strip), strip.rows)));
      },
      rowOptions,
    );
    await Promise.all(writers.map((w) => w.writer.close()));
    if (geotiff) {
      await writeAll(sinkFor('geotiff', OUTPUT_FORMATS.geotiff.extension), geotiff.finish());
      await writeAll(sinkFor('geotiff', GEOTIFF_AUX.extension), encodeCategoryAux(classes));
    }
  } catch (error) {
    await Promise.allSettled(writers.map((w) => w.writer.abort()));
    throw deadline.explain(error);
  } finally {
    progress?.done();
    deadline.close();
    await regions.close?.();
  }
  const total = width * height;
  const stats: ClassStat[] = classes.map((c) => ({
    id: c.id,
    name: c.name,
    pixels: pixels[c.id],
    share: pixels[c.id] / total,
    meanConfidence: wantConfidence && pixels[c.id] > 0 ? confidenceSums[c.id] / pixels[c.id] : null,
  }));
  const label = nodataLabel(sixteen ? new Uint16Array(0) : new Uint8Array(0));
  const geo = areas && regions.meta ? geoSummary(regions.meta, areas, stats, nodataPixels, nodataPixels > 0 ? label : undefined) : undefined;
  const json = predictionJson({ source: file, model: { name: model.card.name, version: model.card.version }, width, height, inference, classes, stats, meta: regions.meta, geo });
  if (want.has('json')) await writeAll(sinkFor('json', OUTPUT_FORMATS.json.extension), encodePredictionJson(json));
  if (want.has('areas')) await writeAll(sinkFor('areas', OUTPUT_FORMATS.areas.extension), encodeAreasCsv(stats, geo));
  const late = (['geotiff', 'json', 'areas'] as const).filter((k) => want.has(k));
  return { written: [...writers.map((w) => w.kind), ...late], stats, json, note };
}
