/** Alpha compositing of a photo over a background, per pixel: out = alpha * photo + (1 - alpha) * background. Platform-neutral. */
import type { RasterImage } from '../core/types.js';
import { toDisplayImage } from '../formats/display.js';

/**
 * RGB bytes (width x height x 3): `photo` (interleaved, `channels` per pixel, 8-bit; grey repeats its one channel)
 * over `background` (RGB, same size) with `alpha` 0..1 per pixel.
 */
export function compositeOver(photo: ArrayLike<number>, channels: number, background: Uint8Array, alpha: Float32Array): Uint8Array {
  const pixels = alpha.length;
  const out = new Uint8Array(pixels * 3);
  const g = channels >= 3 ? 1 : 0;
  for (let p = 0, s = 0, o = 0; p < pixels; p++, s += channels, o += 3) {
    const a = alpha[p];
    const k = 1 - a;
    out[o] = photo[s] * a + background[o] * k + 0.5;
    out[o + 1] = photo[s + g] * a + background[o + 1] * k + 0.5;
    out[o + 2] = photo[s + 2 * g] * a + background[o + 2] * k + 0.5;
  }
  return out;
}

/** `#rrggbb` (or `rrggbb`) -> [r, g, b]; undefined when it is not one. */
export function parseHexColor(text: string): [number, number, number] | undefined {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(text.trim());
  return m ? [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)] : undefined;
}

/** A width x height RGB image of one colour. */
export function solidRgb(color: readonly [number, number, number], pixels: number): Uint8Array {
  const out = new Uint8Array(pixels * 3);
  for (let o = 0; o < out.length; o += 3) {
    out[o] = color[0];
    out[o + 1] = color[1];
    out[o + 2] = color[2];
  }
  return out;
}

/** The image as 8-bit RGB (grey repeated into three channels). */
export function rgbOf(image: RasterImage): Uint8Array {
  const display = toDisplayImage(image);
  if (display.channels === 3) return display.data as Uint8Array;
  const n = display.width * display.height;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) out[3 * i] = out[3 * i + 1] = out[3 * i + 2] = display.data[i];
  return out;
}
