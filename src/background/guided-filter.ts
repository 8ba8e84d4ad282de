/**
 * Guided filter (K. He, J. Sun, X. Tang, "Guided Image Filtering", ECCV 2010 / TPAMI 2013), grey guide: the matte
 * is refined to follow the photo's edges. Per window, q = a * I + b with a = cov(I, p) / (var(I) + eps) and
 * b = mean(p) - a * mean(I); a and b are then averaged over the windows covering each pixel. Platform-neutral.
 */
import { boxMean } from './box-filter.js';

export interface GuidedFilterOptions {
  /** Window radius in pixels. */
  radius: number;
  /** Regularisation on the guide's 0..1 scale: larger smooths more, smaller follows the photo's edges more. */
  epsilon: number;
}

/** Luma (BT.601) of interleaved 8-bit samples, 0..1; grey images use their one channel. */
export function guideLuma(data: ArrayLike<number>, pixels: number, channels: number): Float32Array {
  const out = new Float32Array(pixels);
  if (channels < 3) {
    for (let i = 0; i < pixels; i++) out[i] = data[i * channels] / 255;
    return out;
  }
  for (let i = 0, s = 0; i < pixels; i++, s += channels) out[i] = (0.299 * data[s] + 0.587 * data[s + 1] + 0.114 * data[s + 2]) / 255;
  return out;
}

/** The matte `p` (0..1) filtered with the guide `guide` (0..1), both width x height; the result is clamped to 0..1. */
export function guidedFilter(guide: Float32Array, p: Float32Array, width: number, height: number, options: GuidedFilterOptions): Float32Array {
  const n = width * height;
  const { radius, epsilon } = options;
  const scratch = new Float32Array(n);
  const mean = (src: Float32Array) => {
    const out = new Float32Array(n);
    boxMean(src, width, height, radius, out, scratch);
    return out;
  };
  const product = new Float32Array(n);
  for (let i = 0; i < n; i++) product[i] = guide[i] * guide[i];
  const meanI = mean(guide);
  const meanII = mean(product);
  for (let i = 0; i < n; i++) product[i] = guide[i] * p[i];
  const meanIp = mean(product);
  const meanP = mean(p);
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const variance = meanII[i] - meanI[i] * meanI[i];
    a[i] = (meanIp[i] - meanI[i] * meanP[i]) / (variance + epsilon);
    b[i] = meanP[i] - a[i] * meanI[i];
  }
  const meanA = mean(a);
  const meanB = mean(b);
  const q = new Float32Array(n);
  for (let i = 0; i < n; i++) q[i] = Math.min(1, Math.max(0, meanA[i] * guide[i] + meanB[i]));
  return q;
}
