/**
 * One whole-image model run -> every class's probability per pixel at the image's size (channel-planar,
 * `channels x height x width`): softmax of logits, the model's own probabilities as they are, and for a one-channel
 * binary model the two planes 1 - p and p. Soft mattes and temporal smoothing need the full distribution, not the
 * argmax that segment() keeps.
 */
import type { RasterImage } from '../core/types.js';
import type { SegmentationModel } from '../models/types.js';
import { runScores } from './score-grid.js';

export interface ProbabilityPlanes {
  /** Channel-planar probabilities, `classes x height x width`; each pixel's values sum to 1. */
  data: Float32Array;
  classes: number;
  width: number;
  height: number;
}

/** Softmax over the planes of `scores` in place. */
export function softmaxPlanes(scores: Float32Array, classes: number, pixels: number): void {
  for (let i = 0; i < pixels; i++) {
    let max = -Infinity;
    for (let c = 0, j = i; c < classes; c++, j += pixels) if (scores[j] > max) max = scores[j];
    let sum = 0;
    for (let c = 0, j = i; c < classes; c++, j += pixels) {
      const e = Math.exp(scores[j] - max);
      scores[j] = e;
      sum += e;
    }
    for (let c = 0, j = i; c < classes; c++, j += pixels) scores[j] /= sum;
  }
}

export async function classProbabilities(model: SegmentationModel, image: RasterImage): Promise<ProbabilityPlanes> {
  const grid = await runScores(model, image);
  const pixels = grid.width * grid.height;
  const logits = model.card.output.kind === 'logits';
  // A copy: a score grid may be the runtime's own output buffer.
  if (grid.channels === 1) {
    const data = new Float32Array(2 * pixels);
    for (let i = 0; i < pixels; i++) {
      const p = logits ? 1 / (1 + Math.exp(-grid.scores[i])) : grid.scores[i];
      data[i] = 1 - p;
      data[pixels + i] = p;
    }
    return { data, classes: 2, width: grid.width, height: grid.height };
  }
  const data = Float32Array.from(grid.scores.subarray(0, grid.channels * pixels));
  if (logits) softmaxPlanes(data, grid.channels, pixels);
  return { data, classes: grid.channels, width: grid.width, height: grid.height };
}

/** Argmax per pixel (ties to the lower id) and the winner's probability. */
export function argmaxPlanes(planes: ProbabilityPlanes, labels: Uint8Array | Uint16Array, confidence?: Float32Array): void {
  const { data, classes } = planes;
  const pixels = planes.width * planes.height;
  for (let i = 0; i < pixels; i++) {
    let best = 0;
    let max = data[i];
    for (let c = 1, j = pixels + i; c < classes; c++, j += pixels) {
      if (data[j] > max) {
        max = data[j];
        best = c;
      }
    }
    labels[i] = best;
    if (confidence) confidence[i] = max;
  }
}
