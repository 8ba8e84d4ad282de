/**
 * One huge image, memory bounded: pixels are read region by region (io/region-reader), segmented with sliding
 * windows (inference/segment-rows) and every output is written strip by strip to its ByteSink as rows finish: label
 * PNG, colour PNG (indexed, up to 256 classes), confidence PNG, then the JSON statistics. No overlay (it would be
 * the size of the photo again). On failure or cancellation every sink is aborted: no partial output remains.
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
import type { OutputKind } from './outputs.js';
import { openDeadline } from './deadline.js';

export interface StreamedOptions {
  outputs: readonly OutputKind[];
  maxPixels?: number;
  inference?: InferenceOptions;
  signal?: AbortSignal;
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

export async function predictStreamed(model: SegmentationModel, file: string, sinkFor: (kind: OutputKind) => ByteSink, options: StreamedOptions): Promise<StreamedResult> {
  const deadline = openDeadline(options.signal, undefined);
  const source = await openImageRegions(file, { ...decodeOptionsFor(model.card), maxPixels: options.maxPixels });
  const { width, height } = source;
  // The first row stands for the image: bands and sample type are the same in every row.
  checkInputImage(await source.readRows(0, 1), model.card.input);
  const inference = resolveInference(model.card, width, height, options.inference, true);
  const { classes } = model.card;
  const want = new Set(options.outputs);
  const skipped = [want.has('overlay') ? 'overlay' : '', want.has('color') && classes.length > 256 ? 'color (more than 256 classes)' : ''].filter(Boolean);
  // Polygons and instances need the whole map at once.
  for (const kind of ['geojson', 'coco', 'instances'] as const) if (want.has(kind)) skipped.push(kind);
  const note = `${width}x${height}, ${inference.reason}${skipped.length ? `; not written: ${skipped.join(', ')}` : ''}`;
  const writers: { kind: OutputKind; writer: PngStripWriter; samples: (strip: LabelStrip) => Uint8Array | Uint16Array }[] = [];
  const open = (kind: OutputKind, samples: (strip: LabelStrip) => Uint8Array | Uint16Array, png: Omit<PngStripOptions, 'width' | 'height'>) => {
    writers.push({ kind, samples, writer: openPngStripWriter(sinkFor(kind), { width, height, ...png }) });
  };
  if (want.has('labels')) open('labels', (s) => s.labels, { sixteen: classes.length > 256 });
  if (want.has('color') && classes.length <= 256) open('color', (s) => s.labels, { palette: classes.map((c) => c.color) });
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
        const { labels, confidence } = strip;
        for (let i = 0; i < labels.length; i++) pixels[labels[i]]++;
        if (confidence) for (let i = 0; i < labels.length; i++) confidenceSums[labels[i]] += confidence[i];
        await Promise.all(writers.map((w) => w.writer.write(w.samples(strip), strip.rows)));
      },
      rowOptions,
    );
    await Promise.all(writers.map((w) => w.writer.close()));
  } catch (error) {
    await Promise.allSettled(writers.map((w) => w.writer.abort()));
    throw deadline.explain(error);
  } finally {
    progress?.done();
    deadline.close();
  }
  const total = width * height;
  const stats: ClassStat[] = classes.map((c) => ({
    id: c.id,
    name: c.name,
    pixels: pixels[c.id],
    share: pixels[c.id] / total,
    meanConfidence: wantConfidence && pixels[c.id] > 0 ? confidenceSums[c.id] / pixels[c.id] : null,
  }));
  const json = predictionJson({ source: file, model: { name: model.card.name, version: model.card.version }, width, height, inference, classes, stats });
  if (want.has('json')) await writeAll(sinkFor('json'), encodePredictionJson(json));
  return { written: [...writers.map((w) => w.kind), ...(want.has('json') ? (['json'] as const) : [])], stats, json, note };
}
