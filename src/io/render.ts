/** Label maps -> pixels: class colours, blends over the photo, confidence as grey. Platform-neutral. */
import type { LabelMap, RasterImage } from '../core/types.js';

/** RGB bytes (width x height x 3) with each pixel painted in its class colour. */
export function colorize(map: LabelMap): Uint8Array {
  const lut = new Uint8Array(Math.max(256, map.classes.length) * 3);
  for (const c of map.classes) lut.set(c.color, c.id * 3);
  const out = new Uint8Array(map.labels.length * 3);
  for (let i = 0, o = 0; i < map.labels.length; i++, o += 3) {
    const l = map.labels[i] * 3;
    out[o] = lut[l];
    out[o + 1] = lut[l + 1];
    out[o + 2] = lut[l + 2];
  }
  return out;
}

/** The photo with class colours laid over it at `opacity` (0 = photo only, 1 = colours only). */
export function overlay(image: RasterImage, colors: Uint8Array, opacity: number): Uint8Array {
  const n = image.width * image.height;
  const out = new Uint8Array(n * 3);
  const c = image.channels;
  const src = image.data;
  const keep = 1 - opacity;
  // Grey images reuse their one channel for red, green and blue.
  const g = c >= 3 ? 1 : 0;
  for (let p = 0, s = 0, o = 0; p < n; p++, s += c, o += 3) {
    out[o] = src[s] * keep + colors[o] * opacity + 0.5;
    out[o + 1] = src[s + g] * keep + colors[o + 1] * opacity + 0.5;
    out[o + 2] = src[s + 2 * g] * keep + colors[o + 2] * opacity + 0.5;
  }
  return out;
}

/** Confidence 0..1 -> grey 0..255. */
export function confidenceToGrey(confidence: Float32Array): Uint8Array {
  const out = new Uint8Array(confidence.length);
  for (let i = 0; i < confidence.length; i++) out[i] = confidence[i] * 255 + 0.5;
  return out;
}

export interface ClassStat {
  id: number;
  name: string;
  pixels: number;
  share: number;
  /** Mean confidence over the pixels of this class; null when the class is absent or no confidence exists. */
  meanConfidence: number | null;
}

export function classStats(map: LabelMap): ClassStat[] {
  const counts = new Float64Array(map.classes.length);
  const sums = new Float64Array(map.classes.length);
  const { labels, confidence } = map;
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  if (confidence) for (let i = 0; i < labels.length; i++) sums[labels[i]] += confidence[i];
  return map.classes.map((c) => ({
    id: c.id,
    name: c.name,
    pixels: counts[c.id],
    share: counts[c.id] / labels.length,
    meanConfidence: confidence && counts[c.id] > 0 ? sums[c.id] / counts[c.id] : null,
  }));
}
