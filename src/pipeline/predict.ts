/**
 * predict(): the one-image pipeline that the CLI, the HTTP server and job workers share. An image (file path,
 * encoded bytes or a decoded RasterImage) goes through decode -> segment -> the requested encoders and comes back as
 * the LabelMap plus each output as bytes. Cancellation (`signal`) and a deadline (`timeoutMs`) cover every stage.
 */
import type { LabelMap, RasterImage } from '../core/types.js';
import { expected } from '../core/errors.js';
import { decodeImage, decodeOptionsFor } from '../io/decode.js';
import { checkInferenceOptions, resolveInference, type InferenceOptions, type ResolvedInference } from '../inference/options.js';
import { segment, type SegmentOptions } from '../inference/segment.js';
import { checkTimeoutMs } from '../core/check-timeout.js';
import type { SegmentationModel } from '../models/types.js';
import { classStats, type ClassStat } from '../formats/render.js';
import { predictionJson, type PredictionJson } from '../formats/prediction-json.js';
import { DEFAULT_OUTPUTS, OUTPUT_KINDS, type EncodedOutput, type OutputKind } from './outputs.js';
import { checkOutputSize, encodeOutputs } from './encode-outputs.js';
import { openDeadline } from './deadline.js';
import { countMasked, maskLabels, nodataLabel, prepareNodata } from '../geo/nodata.js';
import { geoSummary, openAreas } from '../geo/area-report.js';
import { checkVectorOptions } from '../vectors/geojson.js';
import type { VectorOptions } from '../vectors/types.js';
import { checkLowConfidence, imageQuality, type ImageQuality, type QualityOptions } from '../monitoring/image-quality.js';

export type PredictInput = string | Uint8Array | RasterImage;

export interface PredictOptions extends InferenceOptions {
  /** What to encode; default labels, color, overlay, json. An empty list returns only the LabelMap. */
  outputs?: readonly OutputKind[];
  /** Colour opacity of the overlay, 0..1; default 0.5. */
  opacity?: number;
  /** Draw a class key beside the overlay. */
  legend?: boolean;
  /** Class ids left transparent in the overlay (e.g. background). */
  transparent?: readonly number[];
  /** Compute per-pixel confidence (map.confidence). Default: when the json or confidence output is requested. */
  confidence?: boolean;
  /**
   * Per-image quality statistics for monitoring (prediction.quality): class shares, mean confidence, low-confidence
   * share and mean entropy (docs/monitoring.md). Turns confidence and entropy on. Default false.
   */
  quality?: boolean | QualityOptions;
  /** Refuse decoding images with more pixels. */
  maxPixels?: number;
  /** Name of the source in the JSON output (default: the path, when the input is one). */
  source?: string;
  /** Images per model run the model was wrapped with (withBatching), recorded in the JSON. */
  batch?: number;
  /** Source value of nodata pixels, overriding the file's (GDAL_NODATA); they get the nodata label (docs/gis.md). */
  nodata?: number;
  /** The geotiff output with overviews in Cloud-Optimized order. */
  cog?: boolean;
  /** Abandons the prediction: it rejects with CANCELLED and its queued model runs leave the queue. */
  signal?: AbortSignal;
  /** Deadline for the whole prediction in milliseconds: it rejects with TIMEOUT. */
  timeoutMs?: number;
  /** Polygons of the geojson output; its connectivity also makes the coco and instances outputs (docs/gis-vectors.md). */
  vectors?: VectorOptions;
}

/** Milliseconds spent in each stage of one prediction. */
export interface PredictTimings {
  decodeMs: number;
  inferenceMs: number;
  encodeMs: number;
  totalMs: number;
}

export interface Prediction {
  map: LabelMap;
  outputs: EncodedOutput[];
  stats: ClassStat[];
  json: PredictionJson;
  inference: ResolvedInference;
  timings: PredictTimings;
  /** With the `quality` option. */
  quality?: ImageQuality;
}

function isRasterImage(input: PredictInput): input is RasterImage {
  return typeof input === 'object' && !ArrayBuffer.isView(input) && 'data' in input;
}

/** Checks the options that predict() adds to segment()'s; once, before any work. */
export function validatePredictOptions(model: SegmentationModel, options: PredictOptions): void {
  checkInferenceOptions(model.card, options);
  const outputs = options.outputs ?? DEFAULT_OUTPUTS;
  const unknown = outputs.filter((o) => !OUTPUT_KINDS.includes(o));
  if (unknown.length) throw expected(`outputs among ${OUTPUT_KINDS.join(', ')}`, 'outputs', unknown);
  const opacity = options.opacity ?? 0.5;
  if (!(opacity >= 0 && opacity <= 1)) throw expected('a number from 0 to 1', 'opacity', options.opacity);
  const ids = new Set(model.card.classes.map((c) => c.id));
  const missing = (options.transparent ?? []).filter((id) => !ids.has(id));
  if (missing.length) throw expected(`class ids of model ${model.card.name}`, 'transparent', missing);
  checkTimeoutMs(options.timeoutMs);
  if (options.vectors !== undefined) checkVectorOptions(options.vectors);
  if (typeof options.quality === 'object') checkLowConfidence(options.quality.lowConfidence);
}

export async function predict(model: SegmentationModel, input: PredictInput, options: PredictOptions = {}): Promise<Prediction> {
  validatePredictOptions(model, options);
  const deadline = openDeadline(options.signal, options.timeoutMs);
  const started = performance.now();
  try {
    deadline.check();
    const outputs = options.outputs ?? DEFAULT_OUTPUTS;
    const decodedImage = isRasterImage(input) ? input : await decodeImage(input, { ...decodeOptionsFor(model.card), maxPixels: options.maxPixels });
    const { image, mask } = prepareNodata(decodedImage, model.card.input, options.nodata);
    deadline.check();
    const decoded = performance.now();
    checkOutputSize(image.width, image.height, outputs);
    const inference = resolveInference(model.card, image.width, image.height, options);
    const quality = options.quality === true ? {} : options.quality || undefined;
    const segmentOptions: SegmentOptions & { signal: AbortSignal; timeoutMs?: number } = {
      ...options,
      confidence: quality !== undefined || (options.confidence ?? (outputs.includes('json') || outputs.includes('confidence'))),
      entropy: quality !== undefined,
      signal: deadline.signal,
      timeoutMs: deadline.remaining(),
    };
    const segmented = await segment(model, image, segmentOptions);
    deadline.check();
    const segmentedAt = performance.now();
    const map: LabelMap = { ...segmented, meta: segmented.meta ?? image.meta };
    if (mask) map.labels = maskLabels(map.labels, mask, map.classes);
    const maskedLabel = mask ? nodataLabel(map.labels) : undefined;
    const stats = classStats(map);
    const areas = openAreas(map.meta, map.width, map.classes);
    areas?.add(map.labels, 0, map.height);
    const geo = areas && geoSummary(map.meta!, areas, stats, countMasked(mask), maskedLabel);
    const source = options.source ?? (typeof input === 'string' ? input : image.meta?.source);
    const json = predictionJson({
      source,
      model: { name: model.card.name, version: model.card.version },
      width: map.width,
      height: map.height,
      inference,
      batch: options.batch,
      classes: model.card.classes,
      stats,
      meta: map.meta,
      geo,
    });
    const encoded = await encodeOutputs(image, map, stats, json, {
      outputs,
      opacity: options.opacity ?? 0.5,
      legend: options.legend ?? false,
      transparent: new Set(options.transparent ?? []),
      cog: options.cog,
      nodataLabel: maskedLabel,
      vectors: options.vectors,
    });
    deadline.check();
    const done = performance.now();
    const timings = { decodeMs: decoded - started, inferenceMs: segmentedAt - decoded, encodeMs: done - segmentedAt, totalMs: done - started };
    const prediction: Prediction = { map, outputs: encoded, stats, json, inference, timings };
    if (quality) prediction.quality = imageQuality(map, quality, stats);
    return prediction;
  } catch (error) {
    throw deadline.explain(error);
  } finally {
    deadline.close();
  }
}
