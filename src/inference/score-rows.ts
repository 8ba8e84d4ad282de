/**
 * Scores travel from inference to labels one row at a time, top to bottom, so that a huge image never needs a
 * score volume of its own size. A `ScoreRows` hands out channel-planar rows (`channels` runs of `width` floats).
 * `gridRows` reads them from one run over a whole (possibly augmented) image; `slideRows` (slide.ts) from windows;
 * `resampledRows` maps the rows of an augmented image back to the original grid.
 */
import { SemsegError } from '../core/errors.js';
import type { SegmentationModel } from '../models/types.js';
import { resizeAxis } from '../preprocess/resize.js';
import type { RowSource } from './row-source.js';
import { runScores, type ScoreGrid } from './score-grid.js';

export interface ScoreRows {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  /** Writes the next row's scores (channels x width) into `out`. */
  next(out: Float32Array): Promise<void>;
}

/** Score channels the model gives: from the graph when it is fixed there, else one per class. */
export function scoreChannels(model: SegmentationModel): number {
  const output = model.metadata.outputs.find((t) => t.name === model.card.output.name);
  const axis = model.card.output.layout === 'NCHW' ? 1 : 3;
  const c = output?.shape.length === 4 ? output.shape[axis] : undefined;
  return typeof c === 'number' ? c : model.card.classes.length;
}

/** Throws MODEL_MISMATCH when a run gives another number of score channels than the graph or the card promised. */
export function checkChannels(model: SegmentationModel, received: number, expectedChannels: number): void {
  if (received !== expectedChannels) {
    throw new SemsegError('MODEL_MISMATCH', `Expected ${expectedChannels} score channels from model ${model.card.name} but received ${received}`);
  }
}

/** One run over the whole source (whole mode); the score grid lives until its last row is handed out. */
export function gridRows(model: SegmentationModel, source: RowSource, onRun: () => void): ScoreRows {
  const { width, height } = source;
  const channels = scoreChannels(model);
  let grid: ScoreGrid | undefined;
  let y = 0;
  return {
    width,
    height,
    channels,
    async next(out) {
      if (!grid) {
        grid = await runScores(model, await source.readRows(0, height));
        checkChannels(model, grid.channels, channels);
        onRun();
      }
      const { scores } = grid;
      const plane = width * height;
      for (let c = 0; c < channels; c++) out.set(scores.subarray(c * plane + y * width, c * plane + (y + 1) * width), c * width);
      if (++y === height) grid = undefined;
    },
  };
}

/**
 * The rows of `inner` (scores of an augmented image) resized bilinearly to width x height with the card's
 * align_corners convention and mirrored back when the augmentation was a flip.
 */
export function resampledRows(inner: ScoreRows, width: number, height: number, flip: boolean, alignCorners: boolean): ScoreRows {
  const { channels } = inner;
  if (inner.width === width && inner.height === height) return mirroredRows(inner, flip);
  const xs = resizeAxis(width, inner.width, alignCorners);
  const ys = resizeAxis(height, inner.height, alignCorners);
  // The two most recent inner rows: `held[k]` holds inner row `index[k]`.
  const held = [new Float32Array(channels * inner.width), new Float32Array(channels * inner.width)];
  const index = [-1, -1];
  let pulled = 0;
  let y = 0;
  return {
    width,
    height,
    channels,
    async next(out) {
      const lo = ys.lower[y];
      const hi = ys.upper[y];
      const fy = ys.frac[y++];
      while (pulled <= hi) {
        const k = index[0] < index[1] ? 0 : 1;
        await inner.next(held[k]);
        index[k] = pulled++;
      }
      const top = held[index[0] === lo ? 0 : 1];
      const bottom = held[index[0] === hi ? 0 : 1];
      const iw = inner.width;
      for (let c = 0; c < channels; c++) {
        const o = c * width;
        const s = c * iw;
        for (let x = 0; x < width; x++) {
          const a = s + xs.lower[x];
          const b = s + xs.upper[x];
          const fx = xs.frac[x];
          const t = top[a] + (top[b] - top[a]) * fx;
          const u = bottom[a] + (bottom[b] - bottom[a]) * fx;
          out[o + (flip ? width - 1 - x : x)] = t + (u - t) * fy;
        }
      }
    },
  };
}

/** Same size (a flip at scale 1): rows are only mirrored back, no interpolation. */
function mirroredRows(inner: ScoreRows, flip: boolean): ScoreRows {
  const { width, channels } = inner;
  return {
    width,
    height: inner.height,
    channels,
    async next(out) {
      await inner.next(out);
      if (!flip) return;
      for (let c = 0; c < channels; c++) out.subarray(c * width, (c + 1) * width).reverse();
    },
  };
}
