/**
 * Any RasterImage -> 8-bit grey or RGB for showing it (overlays): 8-bit images with 1 or 3+ channels as they are;
 * 16-bit, signed and float images stretched from their own minimum..maximum per band; more than 3 bands show the
 * first three, two bands the first. Platform-neutral.
 */
import type { RasterImage } from '../core/types.js';

export function toDisplayImage(image: RasterImage): RasterImage {
  const { data, width, height, channels } = image;
  const bands = channels >= 3 ? 3 : 1;
  if (data instanceof Uint8Array && (channels === 1 || channels === 3)) return image;
  const n = width * height;
  const out = new Uint8Array(n * bands);
  for (let b = 0; b < bands; b++) {
    let min = Infinity;
    let max = -Infinity;
    for (let p = 0, s = b; p < n; p++, s += channels) {
      const v = data[s];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    // 8-bit data keeps its values; other types use their range (a constant band shows black).
    if (data instanceof Uint8Array) [min, max] = [0, 255];
    const scale = max > min && Number.isFinite(max - min) ? 255 / (max - min) : 0;
    for (let p = 0, s = b, o = b; p < n; p++, s += channels, o += bands) out[o] = Math.round((data[s] - min) * scale);
  }
  return { data: out, width, height, channels: bands, meta: image.meta };
}
