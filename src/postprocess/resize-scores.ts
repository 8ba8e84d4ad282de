/**
 * Scores of the content rectangle, resampled bilinearly at every image pixel (torch's F.interpolate with the card's
 * align_corners convention). `sampleScores` is the one loop that does it; `scoresToLabels` reduces each pixel's
 * scores to a label on the fly, `resizeScores` keeps the whole volume (for parity checks and score exports).
 */
import type { RuntimeTensor } from '../core/types.js';
import { expected } from '../core/errors.js';
import type { OutputSpec } from '../models/card-schema.js';
import type { InputPlan } from '../preprocess/plan.js';
import { resizeAxis, type ResizeAxis } from '../preprocess/resize.js';
import { scoreGeometry, type ScoreGeometry } from './score-geometry.js';

/** Scores at image size: `channels` planes of `width * height`, row-major. */
export interface ScoreVolume {
  data: Float32Array;
  channels: number;
  width: number;
  height: number;
}

/** The image's columns and rows on the score grid (the content rectangle of `g`). */
export function scoreAxes(g: ScoreGeometry, width: number, height: number, alignCorners: boolean): { xs: ResizeAxis; ys: ResizeAxis } {
  return { xs: resizeAxis(width, g.width, alignCorners, g.x0, g.spanX), ys: resizeAxis(height, g.height, alignCorners, g.y0, g.spanY) };
}

/**
 * For every pixel `o` of a width x height image (row-major), writes the C scores sampled there into `scratch` and
 * calls `visit(o)`. When the scores already cover the image one to one they are copied, not interpolated.
 * Interpolation is in float32 (Math.fround after every operation), horizontal then vertical, exactly as the
 * WebAssembly kernel does it (wasmResizeArgmax), so both give the same labels.
 */
export function sampleScores(
  data: Float32Array,
  g: ScoreGeometry,
  width: number,
  height: number,
  alignCorners: boolean,
  scratch: Float32Array,
  visit: (o: number) => void,
): void {
  const C = g.channels;
  const { cStride, pStride } = g;
  const identity = g.width === width && g.height === height && g.x0 === 0 && g.y0 === 0 && g.spanX === width && g.spanY === height;
  const { xs, ys } = scoreAxes(g, width, height, alignCorners);
  const f = Math.fround;
  let o = 0;
  for (let y = 0; y < height; y++) {
    const r0 = ys.lower[y] * g.width;
    const r1 = ys.upper[y] * g.width;
    const fy = ys.frac[y];
    for (let x = 0; x < width; x++, o++) {
      if (identity) {
        const p = o * pStride;
        for (let c = 0; c < C; c++) scratch[c] = data[p + c * cStride];
      } else {
        const fx = xs.frac[x];
        const a = (r0 + xs.lower[x]) * pStride;
        const b = (r0 + xs.upper[x]) * pStride;
        const cc = (r1 + xs.lower[x]) * pStride;
        const d = (r1 + xs.upper[x]) * pStride;
        for (let c = 0, off = 0; c < C; c++, off += cStride) {
          const top = f(data[a + off] + f(f(data[b + off] - data[a + off]) * fx));
          const bottom = f(data[cc + off] + f(f(data[d + off] - data[cc + off]) * fx));
          scratch[c] = f(top + f(f(bottom - top) * fy));
        }
      }
      visit(o);
    }
  }
}

/** The model's score output (logits or probabilities) resized to the image of `plan`, one plane per channel. */
export function resizeScores(output: RuntimeTensor, plan: InputPlan, spec: OutputSpec): ScoreVolume {
  if (spec.kind === 'labels') throw expected('a score output (output.kind logits or probabilities)', 'output.kind', spec.kind);
  if (!(output.data instanceof Float32Array)) throw expected('float32 scores', 'output', output.type);
  const g = scoreGeometry(output, spec, plan);
  const { imageWidth: width, imageHeight: height } = plan;
  const n = width * height;
  const data = new Float32Array(g.channels * n);
  const scratch = new Float32Array(g.channels);
  sampleScores(output.data, g, width, height, spec.alignCorners, scratch, (o) => {
    for (let c = 0, p = o; c < g.channels; c++, p += n) data[p] = scratch[c];
  });
  return { data, channels: g.channels, width, height };
}
