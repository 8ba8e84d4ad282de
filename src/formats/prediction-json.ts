/** The JSON description of one prediction: source, model, effective inference options and per-class statistics. */
import type { ClassInfo, Rgb, SourceMeta } from '../core/types.js';
import type { ResolvedInference } from '../inference/options.js';
import type { ClassStat } from './render.js';
import type { GeoSummary } from '../geo/area-report.js';

export interface PredictionClass extends ClassStat {
  color: Rgb;
}

export interface PredictionJson {
  source?: string;
  model: { name: string; version: string };
  width: number;
  height: number;
  inference: {
    mode: 'whole' | 'slide';
    reason: string;
    crop?: { width: number; height: number };
    stride?: { width: number; height: number };
    blend?: string;
    /** Test-time augmentations, in the order they ran; null without TTA. */
    tta: { scale: number; flip: boolean }[] | null;
    batch?: number;
  };
  classes: PredictionClass[];
  meta?: SourceMeta;
  /** Georeferenced sources: CRS, geotransform, nodata pixels and class areas (docs/gis.md). */
  geo?: GeoSummary;
}

export interface PredictionJsonInput {
  source?: string;
  model: { name: string; version: string };
  width: number;
  height: number;
  inference: ResolvedInference;
  batch?: number;
  classes: readonly ClassInfo[];
  stats: readonly ClassStat[];
  meta?: SourceMeta;
  geo?: GeoSummary;
}

export function predictionJson(input: PredictionJsonInput): PredictionJson {
  const { inference } = input;
  const colour = new Map(input.classes.map((c) => [c.id, c.color]));
  const slide = inference.mode === 'slide';
  const meta = input.meta && Object.keys(input.meta).some((k) => k !== 'source') ? withoutSource(input.meta) : undefined;
  return {
    source: input.source,
    model: input.model,
    width: input.width,
    height: input.height,
    inference: {
      mode: inference.mode,
      reason: inference.reason,
      ...(slide ? { crop: inference.crop, stride: inference.stride, blend: inference.blend } : {}),
      tta: inference.augmentations ?? null,
      ...(input.batch && input.batch > 1 ? { batch: input.batch } : {}),
    },
    classes: input.stats.map((s) => ({ ...s, color: colour.get(s.id) ?? [0, 0, 0] })),
    ...(meta ? { meta } : {}),
    ...(input.geo ? { geo: input.geo } : {}),
  };
}

function withoutSource(meta: SourceMeta): SourceMeta {
  // The raw GeoKey directory travels to the GeoTIFF writer; the JSON has the CRS and geotransform in plain words.
  const { source: _source, geoKeys: _geoKeys, ...rest } = meta;
  return rest;
}

export function encodePredictionJson(body: PredictionJson): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(body, null, 2)}\n`);
}
