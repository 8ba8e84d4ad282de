/**
 * Entropy of the per-pixel class probabilities, for quality monitoring. Each pixel's entropy is normalised by
 * ln(K), K the number of classes (2 for one binary channel), so it reads 0 for a certain pixel and 1 for a uniform
 * one whatever the model; the functions return the sum over pixels (the caller divides by the pixel count).
 *
 * With weights w_c (exp(s_c - max) for logits, the probabilities themselves otherwise), S = sum w_c and
 * T = sum w_c ln w_c, the entropy of p_c = w_c / S is ln S - T / S: one pass over the classes, one log per pixel
 * for logits (ln w_c = s_c - max), and probabilities that do not quite sum to 1 are normalised on the way.
 * Same exp table as the confidence (fast-exp.ts); nothing is allocated.
 */
import { expNonPositive } from './fast-exp.js';

export type EntropyKind = 'logits' | 'probabilities';

/** Normalised binary entropy of a foreground probability p. */
function binaryEntropy(p: number): number {
  if (!(p > 0 && p < 1)) return 0;
  return -(p * Math.log(p) + (1 - p) * Math.log(1 - p)) / Math.LN2;
}

/**
 * Sum of the normalised entropies of n pixels whose C scores lie in planes: pixel p's score of class c at
 * data[c * n + p] (whole NCHW volumes, one channel-planar row with n = its width, or one pixel's scores with n = 1).
 * One channel is a binary model: p = sigmoid(logit), or the probability itself.
 */
export function entropySum(data: Float32Array, C: number, n: number, kind: EntropyKind): number {
  let total = 0;
  if (C === 1) {
    for (let p = 0; p < n; p++) total += binaryEntropy(kind === 'logits' ? 1 / (1 + Math.exp(-data[p])) : data[p]);
    return total;
  }
  const scale = 1 / Math.log(C);
  const end = C * n;
  for (let p = 0; p < n; p++) {
    let S = 0;
    let T = 0;
    if (kind === 'logits') {
      let max = data[p];
      for (let i = p + n; i < end; i += n) if (data[i] > max) max = data[i];
      for (let i = p; i < end; i += n) {
        const z = data[i] - max;
        const w = expNonPositive(z);
        S += w;
        T += w * z;
      }
    } else {
      for (let i = p; i < end; i += n) {
        const w = data[i];
        if (w > 0) {
          S += w;
          T += w * Math.log(w);
        }
      }
      if (S === 0) continue;
    }
    total += (Math.log(S) - T / S) * scale;
  }
  return total;
}

/**
 * Sum of the normalised entropies of the flip-TTA average (the worker's flip_average kernel): `a` holds the C
 * planes of the image's scores, `b` those of its mirror image (height rows of width); per pixel the two become
 * probabilities (softmax when `softmax`), b read at the mirrored column, and are averaged. `scratch`: 2C numbers.
 */
export function flipEntropySum(a: Float32Array, b: Float32Array, C: number, width: number, height: number, softmax: boolean, scratch: Float64Array): number {
  const n = width * height;
  const scale = 1 / Math.log(C);
  let total = 0;
  for (let y = 0, row = 0; y < height; y++, row += width) {
    for (let x = 0; x < width; x++) {
      const pa = row + x;
      const pb = row + width - 1 - x;
      let sumA = 0;
      let sumB = 0;
      if (softmax) {
        let maxA = a[pa];
        let maxB = b[pb];
        for (let c = 1; c < C; c++) {
          if (a[c * n + pa] > maxA) maxA = a[c * n + pa];
          if (b[c * n + pb] > maxB) maxB = b[c * n + pb];
        }
        for (let c = 0; c < C; c++) {
          sumA += scratch[c] = expNonPositive(a[c * n + pa] - maxA);
          sumB += scratch[C + c] = expNonPositive(b[c * n + pb] - maxB);
        }
      } else {
        for (let c = 0; c < C; c++) {
          scratch[c] = a[c * n + pa];
          scratch[C + c] = b[c * n + pb];
        }
        sumA = sumB = 1;
      }
      let S = 0;
      let T = 0;
      for (let c = 0; c < C; c++) {
        const w = 0.5 * (scratch[c] / sumA + scratch[C + c] / sumB);
        if (w > 0) {
          S += w;
          T += w * Math.log(w);
        }
      }
      if (S > 0) total += (Math.log(S) - T / S) * scale;
    }
  }
  return total;
}
