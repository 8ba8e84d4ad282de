/**
 * Score rows -> labels and confidence, and logits -> probabilities for averaging over augmentations. Same rules as
 * postprocess/scores-to-labels: argmax over classes (ties to the lower id), confidence = softmax probability of the
 * winner for logits, the winner's value for probabilities; one channel is a binary model (class 1 where p > 0.5,
 * p = sigmoid of the logit).
 */
import { expNonPositive } from '../postprocess/fast-exp.js';

export type ScoreKind = 'logits' | 'probabilities';

/** Labels (and confidence) of one channel-planar row, written at `offset`. */
export function decideRow(
  scores: Float32Array,
  channels: number,
  width: number,
  kind: ScoreKind,
  labels: Uint8Array | Uint16Array,
  confidence: Float32Array | undefined,
  offset: number,
): void {
  if (channels === 1) {
    for (let x = 0; x < width; x++) {
      const p = kind === 'logits' ? 1 / (1 + Math.exp(-scores[x])) : scores[x];
      labels[offset + x] = p > 0.5 ? 1 : 0;
      if (confidence) confidence[offset + x] = p >= 0.5 ? p : 1 - p;
    }
    return;
  }
  for (let x = 0; x < width; x++) {
    let best = 0;
    let max = scores[x];
    for (let c = 1, i = width + x; c < channels; c++, i += width) {
      if (scores[i] > max) {
        max = scores[i];
        best = c;
      }
    }
    labels[offset + x] = best;
    if (!confidence) continue;
    if (kind === 'probabilities') {
      confidence[offset + x] = max;
    } else {
      let sum = 0;
      for (let i = x; i < channels * width; i += width) sum += expNonPositive(scores[i] - max);
      confidence[offset + x] = 1 / sum;
    }
  }
}

/** Adds the probabilities of a row of `kind` scores to `sum` (softmax of logits; sigmoid for one channel). */
export function addProbabilities(scores: Float32Array, channels: number, width: number, kind: ScoreKind, sum: Float32Array): void {
  if (kind === 'probabilities') {
    for (let i = 0; i < channels * width; i++) sum[i] += scores[i];
    return;
  }
  if (channels === 1) {
    for (let x = 0; x < width; x++) sum[x] += 1 / (1 + Math.exp(-scores[x]));
    return;
  }
  for (let x = 0; x < width; x++) {
    let max = scores[x];
    for (let i = width + x; i < channels * width; i += width) if (scores[i] > max) max = scores[i];
    let total = 0;
    for (let i = x; i < channels * width; i += width) total += expNonPositive(scores[i] - max);
    for (let i = x; i < channels * width; i += width) sum[i] += expNonPositive(scores[i] - max) / total;
  }
}
