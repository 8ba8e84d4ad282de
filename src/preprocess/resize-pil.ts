/**
 * Pillow's `Image.resize(size, BILINEAR)`, reproduced to the byte on 8-bit images: a separable triangle filter whose
 * support widens with the shrink factor (so shrinking is antialiased), horizontal pass first, coefficients and sums
 * in 22-bit fixed point with the result rounded to 8 bits after each pass, as Pillow's Resample.c does. Other
 * sample types take Pillow's 32-bit float path (same weights, no rounding). Hugging Face image processors and
 * torchvision's PIL transforms resize this way.
 */
import type { PixelArray } from '../core/types.js';

const PRECISION_BITS = 22;

interface FilterTaps {
  /** First source index and number of taps per destination position. */
  start: Int32Array;
  count: Int32Array;
  /** `ksize` weights per destination position (normalised to sum 1). */
  weights: Float64Array;
  ksize: number;
}

function filterTaps(srcSize: number, dstSize: number): FilterTaps {
  const scale = srcSize / dstSize;
  const filterScale = Math.max(1, scale);
  const support = filterScale;
  const inverse = 1 / filterScale;
  const ksize = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(dstSize);
  const count = new Int32Array(dstSize);
  const weights = new Float64Array(dstSize * ksize);
  for (let i = 0; i < dstSize; i++) {
    const center = (i + 0.5) * scale;
    const lo = Math.max(0, Math.trunc(center - support + 0.5));
    const hi = Math.min(srcSize, Math.trunc(center + support + 0.5));
    let total = 0;
    for (let x = lo; x < hi; x++) {
      const w = Math.max(0, 1 - Math.abs((x - center + 0.5) * inverse));
      weights[i * ksize + x - lo] = w;
      total += w;
    }
    if (total !== 0) for (let x = 0; x < hi - lo; x++) weights[i * ksize + x] /= total;
    start[i] = lo;
    count[i] = hi - lo;
  }
  return { start, count, weights, ksize };
}

/** Pillow's fixed-point coefficients: round half away from zero of w * 2^22. */
function fixedPoint(weights: Float64Array): Int32Array {
  const scale = 1 << PRECISION_BITS;
  return Int32Array.from(weights, (w) => (w < 0 ? Math.trunc(-0.5 + w * scale) : Math.trunc(0.5 + w * scale)));
}

/**
 * One pass along an axis: `lines` lines of `srcLength` samples (separated by `lineStride`, samples by `step`
 * elements, `channels` interleaved) -> `taps.start.length` samples per line.
 */
function resamplePass(
  src: PixelArray,
  dst: PixelArray,
  taps: FilterTaps,
  lines: number,
  lineStride: [number, number],
  step: [number, number],
  channels: number,
): void {
  const integer = dst instanceof Uint8Array;
  const k = integer ? fixedPoint(taps.weights) : taps.weights;
  const half = 1 << (PRECISION_BITS - 1);
  const dstSize = taps.start.length;
  for (let line = 0; line < lines; line++) {
    const srcLine = line * lineStride[0];
    const dstLine = line * lineStride[1];
    for (let i = 0; i < dstSize; i++) {
      const first = srcLine + taps.start[i] * step[0];
      const n = taps.count[i];
      const kOffset = i * taps.ksize;
      for (let c = 0; c < channels; c++) {
        let sum = integer ? half : 0;
        for (let t = 0, s = first + c; t < n; t++, s += step[0]) sum += src[s] * k[kOffset + t];
        dst[dstLine + i * step[1] + c] = integer ? Math.min(255, Math.max(0, Math.floor(sum / (1 << PRECISION_BITS)))) : sum;
      }
    }
  }
}

/** Resizes an interleaved (HWC) image like Pillow's bilinear resize; 8-bit in gives 8-bit out. */
export function resizePilBilinearHwc(
  src: PixelArray,
  width: number,
  height: number,
  channels: number,
  dstWidth: number,
  dstHeight: number,
): PixelArray {
  const make = (n: number): PixelArray => (src instanceof Uint8Array ? new Uint8Array(n) : new Float32Array(n));
  let current = src;
  let currentWidth = width;
  if (dstWidth !== width) {
    const next = make(dstWidth * height * channels);
    resamplePass(current, next, filterTaps(width, dstWidth), height, [width * channels, dstWidth * channels], [channels, channels], channels);
    current = next;
    currentWidth = dstWidth;
  }
  if (dstHeight !== height) {
    const next = make(dstWidth * dstHeight * channels);
    const row = currentWidth * channels;
    // Columns are the lines of the vertical pass: one line per (x, channel) pair, samples one row apart.
    resamplePass(current, next, filterTaps(height, dstHeight), currentWidth, [channels, channels], [row, row], channels);
    current = next;
  }
  return current === src ? src.slice() : current;
}
