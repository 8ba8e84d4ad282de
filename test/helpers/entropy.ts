/** Entropy computed the direct way (double precision, Math.exp / Math.log), the reference the fast paths must meet. */

/** Normalised entropy of one probability vector (summing to 1). */
export function entropyOf(p: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < p.length; i++) if (p[i] > 0) h -= p[i] * Math.log(p[i]);
  return h / Math.log(Math.max(2, p.length));
}

/** Softmax of one pixel's logits. */
export function softmax(logits: ArrayLike<number>): number[] {
  const max = Math.max(...Array.from(logits));
  const e = Array.from(logits, (v) => Math.exp(v - max));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** Class c of pixel p in C planes of n pixels. */
export function pixelScores(planes: Float32Array, C: number, n: number, p: number): number[] {
  return Array.from({ length: C }, (_, c) => planes[c * n + p]);
}

/** Mean normalised entropy over the n pixels of C planes of logits (or probabilities). */
export function meanEntropyOfPlanes(planes: Float32Array, C: number, n: number, kind: 'logits' | 'probabilities'): number {
  let sum = 0;
  for (let p = 0; p < n; p++) {
    const s = pixelScores(planes, C, n, p);
    sum += entropyOf(kind === 'logits' ? softmax(s) : s);
  }
  return sum / n;
}
