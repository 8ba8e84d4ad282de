/**
 * Image -> model input tensor: resize into the planned content rectangle, pad, reorder colours, scale and
 * normalise, and lay out as NCHW or NHWC. One pass over the output; nothing allocated per pixel.
 */
import type { PixelArray, RasterImage, RuntimeTensor } from '../core/types.js';
import { expected } from '../core/errors.js';
import { takeFloat32 } from '../core/buffer-recycler.js';
import type { InputSpec } from '../models/card-schema.js';
import type { InputPlan } from './plan.js';
import { resizeBilinearHwc } from './resize.js';
import { resizePilBilinearHwc } from './resize-pil.js';

/** For each model channel, which image channel feeds it (-1: luma of RGB). Checked against the image by input-check.ts. */
export function channelSources(imageChannels: number, spec: InputSpec): number[] {
  if (spec.bands) return spec.bands;
  if (spec.channels === 1) return [imageChannels >= 3 ? -1 : 0];
  if (spec.channels !== 3) return Array.from({ length: spec.channels }, (_, i) => i);
  if (imageChannels < 3) return [0, 0, 0];
  return spec.colorOrder === 'BGR' ? [2, 1, 0] : [0, 1, 2];
}

function perChannel(values: number[], channels: number, name: string): number[] {
  if (values.length === channels) return values;
  if (values.length === 1) return new Array(channels).fill(values[0]);
  throw expected(`${channels} values (one per model channel)`, name, values, 'INVALID_MODEL_CARD');
}

/** Source units -> 0..255 units: `input.range` mapped linearly and clipped; without a range, values stay as they are. */
interface Units {
  clip: boolean;
  min: number;
  unit: number;
}

function unitsOf(spec: InputSpec): Units {
  const range = spec.range;
  return range ? { clip: true, min: range.min, unit: 255 / (range.max - range.min) } : { clip: false, min: 0, unit: 1 };
}

export function imageToTensor(image: RasterImage, plan: InputPlan, spec: InputSpec): RuntimeTensor {
  const { inputWidth: W, inputHeight: H, contentX, contentY, contentWidth: cw, contentHeight: ch } = plan;
  const c = image.channels;
  const resize = spec.interpolation === 'pil-bilinear' ? resizePilBilinearHwc : resizeBilinearHwc;
  const pixels: PixelArray = cw === image.width && ch === image.height ? image.data : resize(image.data, image.width, image.height, c, cw, ch);
  const sources = channelSources(c, spec);
  const k = sources.length;
  const raw = spec.dtype === 'uint8';
  const mean = perChannel(spec.mean, k, 'input.mean');
  const std = perChannel(spec.std, k, 'input.std');
  const gain = sources.map((_, i) => (raw ? 1 : spec.valueScale / std[i]));
  const bias = sources.map((_, i) => (raw ? 0 : -mean[i] / std[i]));
  const units = unitsOf(spec);
  const plane = W * H;
  // Every element is written below, so a recycled buffer is as good as a new one.
  const out = raw ? new Uint8Array(plane * k) : takeFloat32(plane * k);
  const nchw = spec.layout === 'NCHW';
  const padded = cw !== W || ch !== H;
  if (padded) {
    for (let i = 0; i < k; i++) {
      const value = spec.padValue * gain[i] + bias[i];
      if (nchw) out.fill(value, i * plane, (i + 1) * plane);
      else for (let p = i; p < out.length; p += k) out[p] = value;
    }
  }
  if (!padded && sources.every((src) => src >= 0)) {
    // Common case (no resize, no padding, no luma): one sequential pass per channel.
    copyPlanes(pixels, out, sources, c, gain, bias, units, plane, nchw);
    return { type: raw ? 'uint8' : 'float32', data: out, dims: nchw ? [1, k, H, W] : [1, H, W, k] } as RuntimeTensor;
  }
  const { clip, min, unit } = units;
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      const s = (y * cw + x) * c;
      const pixel = (y + contentY) * W + (x + contentX);
      for (let i = 0; i < k; i++) {
        const src = sources[i];
        let v = src >= 0 ? pixels[s + src] : 0.299 * pixels[s] + 0.587 * pixels[s + 1] + 0.114 * pixels[s + 2];
        if (clip) v = clamp255((v - min) * unit);
        out[nchw ? i * plane + pixel : pixel * k + i] = v * gain[i] + bias[i];
      }
    }
  }
  const dims = nchw ? [1, k, H, W] : [1, H, W, k];
  return raw ? { type: 'uint8', data: out, dims } : { type: 'float32', data: out, dims };
}

const clamp255 = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);

function copyPlanes(pixels: PixelArray, out: Float32Array | Uint8Array, sources: number[], c: number, gain: number[], bias: number[], units: Units, plane: number, nchw: boolean): void {
  const k = sources.length;
  if (pixels instanceof Uint8Array && k === 3 && c === 3 && nchw) {
    rgbBytesToPlanes(pixels, out, sources, gain, bias, units, plane);
    return;
  }
  const { clip, min, unit } = units;
  for (let i = 0; i < k; i++) {
    const src = sources[i];
    const g = gain[i];
    const b = bias[i];
    const step = nchw ? 1 : k;
    for (let p = 0, s = src, o = nchw ? i * plane : i; p < plane; p++, s += c, o += step) {
      out[o] = (clip ? clamp255((pixels[s] - min) * unit) : pixels[s]) * g + b;
    }
  }
}

/** The common case (8-bit RGB in, three planes out) in one pass, each sample a lookup in its channel's table. */
function rgbBytesToPlanes(pixels: Uint8Array, out: Float32Array | Uint8Array, sources: number[], gain: number[], bias: number[], units: Units, plane: number): void {
  const toUnits = (v: number) => (units.clip ? clamp255((v - units.min) * units.unit) : v);
  const tables = [0, 1, 2].map((i) => Float32Array.from({ length: 256 }, (_, v) => toUnits(v) * gain[i] + bias[i]));
  const [t0, t1, t2] = tables;
  const [s0, s1, s2] = sources;
  for (let p = 0, s = 0; p < plane; p++, s += 3) {
    out[p] = t0[pixels[s + s0]];
    out[p + plane] = t1[pixels[s + s1]];
    out[p + 2 * plane] = t2[pixels[s + s2]];
  }
}
