/**
 * Where sliding windows read pixels from: full-width bands of rows, on request. An in-memory image is one source;
 * io/region-reader reads bands from a file (huge images never held whole); `resampledSource` is a resized and/or
 * mirrored view of another source, computed band by band, for test-time augmentation.
 */
import type { RasterImage } from '../core/types.js';
import { resizeAxis } from '../preprocess/resize.js';

export interface RowSource {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  /** Rows [y0, y1) at full width, interleaved (HWC), as a RasterImage `width x (y1 - y0)`. */
  readRows(y0: number, y1: number): Promise<RasterImage>;
}

export function imageSource(image: RasterImage): RowSource {
  const { width, height, channels, data } = image;
  return {
    width,
    height,
    channels,
    readRows: async (y0, y1) => ({ data: data.subarray(y0 * width * channels, y1 * width * channels), width, height: y1 - y0, channels }),
  };
}

/** Pixels (x0, y0, w, h) of an interleaved image, copied. */
export function cropImage(image: RasterImage, x0: number, y0: number, w: number, h: number): RasterImage {
  const { width, channels, data } = image;
  if (x0 === 0 && w === width) return { data: data.subarray(y0 * width * channels, (y0 + h) * width * channels), width: w, height: h, channels };
  const out = new (data.constructor as new (n: number) => typeof data)(w * h * channels);
  for (let y = 0; y < h; y++) {
    const src = ((y0 + y) * width + x0) * channels;
    out.set(data.subarray(src, src + w * channels), y * w * channels);
  }
  return { data: out, width: w, height: h, channels };
}

/**
 * `source` resized bilinearly to width x height (torch's align_corners=false, no antialiasing; samples stay
 * float, not rounded to 8 bits) and mirrored left-right when `flip` is set.
 */
export function resampledSource(source: RowSource, width: number, height: number, flip: boolean): RowSource {
  // At the same size every weight is 0 and samples are copied exactly.
  const xs = resizeAxis(width, source.width, false);
  const ys = resizeAxis(height, source.height, false);
  const c = source.channels;
  return {
    width,
    height,
    channels: c,
    async readRows(y0, y1) {
      const first = ys.lower[y0];
      const band = await source.readRows(first, ys.upper[y1 - 1] + 1);
      const src = band.data;
      const sw = source.width;
      const out = new Float32Array(width * (y1 - y0) * c);
      for (let y = y0; y < y1; y++) {
        const r0 = (ys.lower[y] - first) * sw;
        const r1 = (ys.upper[y] - first) * sw;
        const fy = ys.frac[y];
        for (let x = 0; x < width; x++) {
          const o = ((y - y0) * width + (flip ? width - 1 - x : x)) * c;
          const fx = xs.frac[x];
          const a = (r0 + xs.lower[x]) * c;
          const b = (r0 + xs.upper[x]) * c;
          const d = (r1 + xs.lower[x]) * c;
          const e = (r1 + xs.upper[x]) * c;
          for (let k = 0; k < c; k++) {
            const top = src[a + k] + (src[b + k] - src[a + k]) * fx;
            const bottom = src[d + k] + (src[e + k] - src[d + k]) * fx;
            out[o + k] = top + (bottom - top) * fy;
          }
        }
      }
      return { data: out, width, height: y1 - y0, channels: c };
    },
  };
}
