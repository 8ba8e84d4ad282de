/**
 * Pixels of the worst-image panels, platform-neutral: nearest-neighbour downscaling of label maps, class colours
 * with ignored pixels in a neutral colour, the error overlay, and the confusions that dominate an image.
 */
import type { ClassInfo, Rgb } from '../../core/types.js';

export type Labels = Uint8Array | Uint16Array;

export const IGNORED_COLOR: Rgb = [0, 0, 0];
export const CORRECT_COLOR: Rgb = [0, 200, 70];
export const WRONG_COLOR: Rgb = [240, 20, 20];
/** Background of the error overlay when the photo is unavailable. */
const NO_PHOTO = 110;

/** The label map resampled to width x height, each output pixel taking the label under its centre. */
export function downscaleLabels(labels: Labels, width: number, height: number, outWidth: number, outHeight: number): Labels {
  const out = labels instanceof Uint16Array ? new Uint16Array(outWidth * outHeight) : new Uint8Array(outWidth * outHeight);
  const columns = new Int32Array(outWidth);
  for (let x = 0; x < outWidth; x++) columns[x] = Math.min(width - 1, Math.floor(((x + 0.5) * width) / outWidth));
  for (let y = 0, o = 0; y < outHeight; y++) {
    const row = Math.min(height - 1, Math.floor(((y + 0.5) * height) / outHeight)) * width;
    for (let x = 0; x < outWidth; x++, o++) out[o] = labels[row + columns[x]];
  }
  return out;
}

/** RGB bytes in class colours; labels that are no class (the ignore index) in IGNORED_COLOR. */
export function paintLabels(labels: Labels, classes: ClassInfo[]): Uint8Array {
  const size = labels instanceof Uint16Array ? 65536 : 256;
  const lut = new Uint8Array(size * 3);
  for (let v = 0; v < size; v++) lut.set(IGNORED_COLOR, v * 3);
  for (const c of classes) lut.set(c.color, c.id * 3);
  const out = new Uint8Array(labels.length * 3);
  for (let i = 0, o = 0; i < labels.length; i++, o += 3) {
    const l = labels[i] * 3;
    out[o] = lut[l];
    out[o + 1] = lut[l + 1];
    out[o + 2] = lut[l + 2];
  }
  return out;
}

/**
 * The photo (RGB, or a flat grey when absent) turned grey, then tinted: correct pixels green, wrong pixels red,
 * ignored ground truth darkened.
 */
export function errorOverlay(photo: Uint8Array | undefined, gt: Labels, pred: Labels, ignoreIndex: number): Uint8Array {
  const out = new Uint8Array(gt.length * 3);
  for (let i = 0, o = 0; i < gt.length; i++, o += 3) {
    const grey = photo ? 0.299 * photo[o] + 0.587 * photo[o + 1] + 0.114 * photo[o + 2] : NO_PHOTO;
    if (gt[i] === ignoreIndex) {
      out[o] = out[o + 1] = out[o + 2] = grey * 0.35;
      continue;
    }
    const [tint, alpha] = gt[i] === pred[i] ? [CORRECT_COLOR, 0.35] : [WRONG_COLOR, 0.75];
    out[o] = grey * (1 - alpha) + tint[0] * alpha + 0.5;
    out[o + 1] = grey * (1 - alpha) + tint[1] * alpha + 0.5;
    out[o + 2] = grey * (1 - alpha) + tint[2] * alpha + 0.5;
  }
  return out;
}

export interface Confusion {
  gt: number;
  pred: number;
  /** Share of the image's counted (non-ignored) pixels. */
  share: number;
}

/** The `limit` most frequent (ground truth, prediction) pairs among wrong pixels. */
export function topConfusions(gt: Labels, pred: Labels, numClasses: number, ignoreIndex: number, limit = 3): Confusion[] {
  const counts = new Float64Array(numClasses * numClasses);
  let counted = 0;
  for (let i = 0; i < gt.length; i++) {
    const g = gt[i];
    if (g === ignoreIndex || g >= numClasses) continue;
    counted++;
    if (pred[i] !== g && pred[i] < numClasses) counts[g * numClasses + pred[i]]++;
  }
  const pairs: Confusion[] = [];
  counts.forEach((count, k) => {
    if (count > 0) pairs.push({ gt: Math.floor(k / numClasses), pred: k % numClasses, share: count / counted });
  });
  return pairs.sort((a, b) => b.share - a.share).slice(0, limit);
}
