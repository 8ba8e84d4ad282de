/**
 * The two drift measures, on binned shares (each argument sums to 1).
 *
 * Population stability index: PSI = sum_i (a_i - e_i) ln(a_i / e_i), e the reference's shares and a the
 * window's; an empty bin on either side counts as `epsilon` (default 1e-4, the value Evidently and most PSI code
 * substitute), so one bin that only one side fills adds (a - 1e-4) ln(a / 1e-4) instead of infinity.
 *
 * Jensen-Shannon, base 2: JSD(p, q) = (KL(p || m) + KL(q || m)) / 2 with m = (p + q) / 2 and logarithms base 2, in
 * [0, 1] (1 for distributions without common support); its square root is the Jensen-Shannon distance, scipy's
 * `jensenshannon(p, q, base=2)`, the figure Evidently compares with its default threshold of 0.1.
 */

export const DEFAULT_PSI_EPSILON = 1e-4;

export function psi(reference: ArrayLike<number>, actual: ArrayLike<number>, epsilon = DEFAULT_PSI_EPSILON): number {
  let sum = 0;
  for (let i = 0; i < reference.length; i++) {
    const e = reference[i] > 0 ? reference[i] : epsilon;
    const a = actual[i] > 0 ? actual[i] : epsilon;
    sum += (a - e) * Math.log(a / e);
  }
  return sum;
}

/** KL(p || m) / 2 + KL(q || m) / 2 in bits; p and q are normalised to sum 1 first (0 when either sums to 0). */
export function jensenShannonDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < p.length; i++) {
    sp += p[i];
    sq += q[i];
  }
  if (!(sp > 0 && sq > 0)) return 0;
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i] / sp;
    const b = q[i] / sq;
    const m = (a + b) / 2;
    if (a > 0) sum += a * Math.log2(a / m);
    if (b > 0) sum += b * Math.log2(b / m);
  }
  // Rounding can leave a tiny negative sum for identical inputs.
  return Math.min(1, Math.max(0, sum / 2));
}

/** sqrt(jensenShannonDivergence): a metric, in [0, 1]. */
export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  return Math.sqrt(jensenShannonDivergence(p, q));
}
