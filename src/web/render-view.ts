/**
 * A label map -> the pixels of one view: overlay (semseg/core's overlayClasses, as `semseg predict` draws it), colour
 * map (colorize), confidence heat map, outlines (class borders over the photo) and the TP/FP/FN error overlay.
 * Hidden classes show the photo. RGBA out, ready for a canvas.
 */
import { colorize, overlayClasses, type LabelMap, type RasterImage } from '../core-entry.js';

export type ViewMode = 'overlay' | 'color' | 'confidence' | 'outlines' | 'errors';

export interface ViewOptions {
  mode: ViewMode;
  opacity: number;
  /** Class ids drawn as the photo. */
  hidden: ReadonlySet<number>;
  /** Ground truth for the error view (same size), and its ignore index. */
  truth?: Uint8Array;
  ignoreIndex?: number;
  /** The error view of one class (TP/FP/FN); all classes (right/wrong) otherwise. */
  focus?: number;
}

function rgba(rgb: Uint8Array, out: ImageData): ImageData {
  const d = out.data;
  for (let p = 0, s = 0; s < rgb.length; p += 4, s += 3) {
    d[p] = rgb[s];
    d[p + 1] = rgb[s + 1];
    d[p + 2] = rgb[s + 2];
    d[p + 3] = 255;
  }
  return out;
}

function showPhoto(out: ImageData, photo: RasterImage, labels: LabelMap['labels'], hidden: ReadonlySet<number>): void {
  if (!hidden.size) return;
  const d = out.data;
  for (let i = 0; i < labels.length; i++) {
    if (!hidden.has(labels[i])) continue;
    d[i * 4] = photo.data[i * 3];
    d[i * 4 + 1] = photo.data[i * 3 + 1];
    d[i * 4 + 2] = photo.data[i * 3 + 2];
  }
}

/** Blue (0) -> cyan -> yellow -> red (1). */
export function heat(value: number): [number, number, number] {
  const v = Math.min(1, Math.max(0, value));
  if (v < 1 / 3) return [0, Math.round(v * 3 * 255), 255];
  if (v < 2 / 3) return [Math.round((v - 1 / 3) * 3 * 255), 255, Math.round((2 / 3 - v) * 3 * 255)];
  return [255, Math.round((1 - v) * 3 * 255), 0];
}

function heatMap(map: LabelMap, out: ImageData): void {
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) lut.set(heat(i / 255), i * 3);
  const d = out.data;
  const confidence = map.confidence;
  for (let i = 0; i < map.labels.length; i++) {
    const k = confidence ? Math.round(confidence[i] * 255) * 3 : 0;
    d[i * 4] = lut[k];
    d[i * 4 + 1] = lut[k + 1];
    d[i * 4 + 2] = lut[k + 2];
    d[i * 4 + 3] = 255;
  }
}

function outlines(photo: RasterImage, map: LabelMap, hidden: ReadonlySet<number>, out: ImageData): void {
  rgba(photo.data as Uint8Array, out);
  const { labels, width, height } = map;
  const colors = colorize(map);
  const d = out.data;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const l = labels[i];
      const border = (x + 1 < width && labels[i + 1] !== l) || (y + 1 < height && labels[i + width] !== l);
      if (!border || hidden.has(l)) continue;
      d[i * 4] = colors[i * 3];
      d[i * 4 + 1] = colors[i * 3 + 1];
      d[i * 4 + 2] = colors[i * 3 + 2];
    }
  }
}

const TP: [number, number, number] = [40, 200, 80];
const FP: [number, number, number] = [230, 40, 40];
const FN: [number, number, number] = [40, 110, 255];

function errors(photo: RasterImage, map: LabelMap, options: ViewOptions, out: ImageData): void {
  const truth = options.truth;
  rgba(photo.data as Uint8Array, out);
  if (!truth) return;
  const d = out.data;
  const a = options.opacity;
  const focus = options.focus;
  for (let i = 0; i < map.labels.length; i++) {
    const t = truth[i];
    if (t === options.ignoreIndex) continue;
    const p = map.labels[i];
    let color: [number, number, number] | undefined;
    if (focus === undefined) color = t === p ? TP : FP;
    else if (t === focus && p === focus) color = TP;
    else if (p === focus) color = FP;
    else if (t === focus) color = FN;
    if (!color) continue;
    for (let c = 0; c < 3; c++) d[i * 4 + c] = d[i * 4 + c] * (1 - a) + color[c] * a;
  }
}

export function renderView(photo: RasterImage, map: LabelMap, options: ViewOptions): ImageData {
  const out = new ImageData(map.width, map.height);
  if (options.mode === 'overlay') rgba(overlayClasses(photo, map, options.opacity, options.hidden), out);
  else if (options.mode === 'color') {
    rgba(colorize(map), out);
    showPhoto(out, photo, map.labels, options.hidden);
  } else if (options.mode === 'confidence') {
    heatMap(map, out);
    showPhoto(out, photo, map.labels, options.hidden);
  } else if (options.mode === 'outlines') outlines(photo, map, options.hidden, out);
  else errors(photo, map, options, out);
  return out;
}
