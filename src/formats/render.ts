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

/**
 * overlay(image, colorize(map), opacity) in one pass, without the intermediate colour image: the blend is a sum of
 * two table lookups (photo value x (1 - opacity), class colour x opacity). Classes in `transparent` show the photo
 * unchanged. The image must hold 8-bit samples (formats/display.ts converts others).
 */
export function overlayClasses(image: RasterImage, map: LabelMap, opacity: number, transparent?: ReadonlySet<number>): Uint8Array {
  const out = blendClasses(image, map, opacity);
  if (transparent?.size) keepPhoto(image, map.labels, transparent, out);
  return out;
}

/** Copies the photo's pixels back where the class is transparent (a second pass only when some are). */
function keepPhoto(image: RasterImage, labels: LabelMap['labels'], transparent: ReadonlySet<number>, out: Uint8Array): void {
  const c = image.channels;
  const g = c >= 3 ? 1 : 0;
  const src = image.data;
  const clear = new Uint8Array(Math.max(256, ...transparent) + 1);
  for (const id of transparent) clear[id] = 1;
  for (let p = 0, s = 0, o = 0; p < labels.length; p++, s += c, o += 3) {
    if (!clear[labels[p]]) continue;
    out[o] = src[s];
    out[o + 1] = src[s + g];
    out[o + 2] = src[s + 2 * g];
  }
}

function blendClasses(image: RasterImage, map: LabelMap, opacity: number): Uint8Array {
  const photo = new Float64Array(256);
  for (let v = 0; v < 256; v++) photo[v] = v * (1 - opacity) + 0.5;
  const paint = new Float64Array(Math.max(256, map.classes.length) * 3);
  for (const c of map.classes) for (let k = 0; k < 3; k++) paint[c.id * 3 + k] = c.color[k] * opacity;
  const out = new Uint8Array(image.width * image.height * 3);
  if (image.channels === 3 && image.data instanceof Uint8Array && map.labels instanceof Uint8Array) {
    blendRgb(image.data, map.labels, photo, paint, out);
    return out;
  }
  const c = image.channels;
  const src = image.data;
  const labels = map.labels;
  const g = c >= 3 ? 1 : 0;
  for (let p = 0, s = 0, o = 0; p < labels.length; p++, s += c, o += 3) {
    const l = labels[p] * 3;
    out[o] = (photo[src[s]] + paint[l]) | 0;
    out[o + 1] = (photo[src[s + g]] + paint[l + 1]) | 0;
    out[o + 2] = (photo[src[s + 2 * g]] + paint[l + 2]) | 0;
  }
  return out;
}

/** The common case of overlayClasses (8-bit RGB photo, 8-bit labels), kept monomorphic for speed. */
function blendRgb(src: Uint8Array, labels: Uint8Array, photo: Float64Array, paint: Float64Array, out: Uint8Array): void {
  for (let p = 0, s = 0; p < labels.length; p++, s += 3) {
    const l = labels[p] * 3;
    out[s] = (photo[src[s]] + paint[l]) | 0;
    out[s + 1] = (photo[src[s + 1]] + paint[l + 1]) | 0;
    out[s + 2] = (photo[src[s + 2]] + paint[l + 2]) | 0;
  }
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
  const { labels, confidence } = map;
  const { counts, sums } = confidence ? countAndSum(labels, confidence) : { counts: countLabels(labels), sums: undefined };
  return map.classes.map((c) => ({
    id: c.id,
    name: c.name,
    pixels: counts[c.id],
    share: counts[c.id] / labels.length,
    meanConfidence: sums && counts[c.id] > 0 ? sums[c.id] / counts[c.id] : null,
  }));
}

// Neighbouring pixels mostly share a class; four interleaved copies of the totals keep consecutive updates from
// waiting on each other.
const COPIES = 4;

function countLabels(labels: LabelMap['labels']): Float64Array {
  const range = labels instanceof Uint8Array ? 256 : 65536;
  const copies = new Uint32Array(COPIES * range);
  const n = labels.length;
  let i = 0;
  for (; i + COPIES <= n; i += COPIES) {
    copies[labels[i]]++;
    copies[range + labels[i + 1]]++;
    copies[2 * range + labels[i + 2]]++;
    copies[3 * range + labels[i + 3]]++;
  }
  for (; i < n; i++) copies[labels[i]]++;
  const counts = new Float64Array(range);
  for (let k = 0; k < COPIES; k++) for (let id = 0; id < range; id++) counts[id] += copies[k * range + id];
  return counts;
}

function countAndSum(labels: LabelMap['labels'], confidence: Float32Array): { counts: Float64Array; sums: Float64Array } {
  const range = labels instanceof Uint8Array ? 256 : 65536;
  const sumCopies = new Float64Array(COPIES * range);
  const n = labels.length;
  let i = 0;
  for (; i + COPIES <= n; i += COPIES) {
    sumCopies[labels[i]] += confidence[i];
    sumCopies[range + labels[i + 1]] += confidence[i + 1];
    sumCopies[2 * range + labels[i + 2]] += confidence[i + 2];
    sumCopies[3 * range + labels[i + 3]] += confidence[i + 3];
  }
  for (; i < n; i++) sumCopies[labels[i]] += confidence[i];
  const sums = new Float64Array(range);
  for (let k = 0; k < COPIES; k++) for (let id = 0; id < range; id++) sums[id] += sumCopies[k * range + id];
  return { counts: countLabels(labels), sums };
}
