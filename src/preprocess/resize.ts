/**
 * Bilinear resampling of interleaved images with torch's conventions: align_corners=false maps pixel centres
 * (src = (dst + 0.5) * scale - 0.5, clamped at 0), align_corners=true maps corner pixels onto corner pixels.
 */
import type { PixelArray } from '../core/types.js';

export interface ResizeAxis {
  /** Index of the lower neighbour for each destination position. */
  lower: Int32Array;
  /** Index of the upper neighbour (equal to lower at the edge). */
  upper: Int32Array;
  /** Weight of the upper neighbour. */
  frac: Float32Array;
}

/**
 * Precomputes neighbours and weights for one axis: `dstSize` positions sampled from the source window
 * [srcStart, srcStart + srcSpan) of a source axis `srcSize` long.
 */
export function resizeAxis(dstSize: number, srcSize: number, alignCorners: boolean, srcStart = 0, srcSpan = srcSize): ResizeAxis {
  const lower = new Int32Array(dstSize);
  const upper = new Int32Array(dstSize);
  const frac = new Float32Array(dstSize);
  const scale = alignCorners ? (dstSize > 1 ? (srcSpan - 1) / (dstSize - 1) : 0) : srcSpan / dstSize;
  for (let i = 0; i < dstSize; i++) {
    let src = alignCorners ? srcStart + i * scale : srcStart + (i + 0.5) * scale - 0.5;
    if (src < 0) src = 0;
    let lo = Math.floor(src);
    if (lo > srcSize - 1) lo = srcSize - 1;
    const hi = lo < srcSize - 1 ? lo + 1 : lo;
    lower[i] = lo;
    upper[i] = hi;
    frac[i] = hi === lo ? 0 : src - lo;
  }
  return { lower, upper, frac };
}

/** Resizes an HWC image to dstWidth x dstHeight, returning float samples (no rounding). */
export function resizeBilinearHwc(
  src: PixelArray,
  width: number,
  height: number,
  channels: number,
  dstWidth: number,
  dstHeight: number,
  alignCorners = false,
): Float32Array {
  const out = new Float32Array(dstWidth * dstHeight * channels);
  const xs = resizeAxis(dstWidth, width, alignCorners);
  const ys = resizeAxis(dstHeight, height, alignCorners);
  let o = 0;
  for (let y = 0; y < dstHeight; y++) {
    const row0 = ys.lower[y] * width;
    const row1 = ys.upper[y] * width;
    const fy = ys.frac[y];
    for (let x = 0; x < dstWidth; x++) {
      const a = (row0 + xs.lower[x]) * channels;
      const b = (row0 + xs.upper[x]) * channels;
      const c = (row1 + xs.lower[x]) * channels;
      const d = (row1 + xs.upper[x]) * channels;
      const fx = xs.frac[x];
      for (let k = 0; k < channels; k++) {
        const top = src[a + k] + (src[b + k] - src[a + k]) * fx;
        const bottom = src[c + k] + (src[d + k] - src[c + k]) * fx;
        out[o++] = top + (bottom - top) * fy;
      }
    }
  }
  return out;
}
