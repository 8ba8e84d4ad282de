/**
 * Fixed histograms of a reference, as PSI tools build them: bin edges at the reference's quantiles, so every bin
 * holds about the same share of the reference, and later samples are counted into the same bins.
 *
 * With B bins the inner edges are e_k = the ceil(k m / B)-th smallest of the m reference values, k = 1..B-1, with
 * repeats dropped (many images share a value, e.g. a class share of 0, so there may be fewer bins). Bins are closed
 * on the right: value v falls in bin i = the number of edges below v, so the first bin is (-inf, e_1] (it holds
 * exactly the zeros of a class share whose quantiles start at 0) and the last (e_last, +inf). A reference whose
 * values are all equal (a class it never shows: all shares 0) gets one edge at that value, and an empty last bin
 * that catches any later value above it.
 */

export interface Histogram {
  /** Inner bin edges, increasing; bins are (-inf, e_1], (e_1, e_2], ..., (e_last, +inf). */
  edges: number[];
  /** Share of the reference in each bin (edges.length + 1 of them, summing to 1). */
  proportions: number[];
  /** Mean of the reference values (for people reading the profile and the report). */
  mean: number;
}

/** The bin of `v`: the number of edges strictly below it (binary search). */
export function binIndex(edges: readonly number[], v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Distinct quantile edges of `values` for `bins` bins (see the file comment). */
export function quantileEdges(values: readonly number[], bins: number): number[] {
  const sorted = Float64Array.from(values).sort();
  const m = sorted.length;
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const edge = sorted[Math.ceil((k * m) / bins) - 1];
    if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
  }
  return edges;
}

/** Shares of `values` in the bins of `edges`. */
export function binShares(edges: readonly number[], values: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const v of values) counts[binIndex(edges, v)]++;
  return counts.map((c) => c / values.length);
}

/** The reference histogram of `values` (at least one) with at most `bins` quantile bins. */
export function referenceHistogram(values: readonly number[], bins: number): Histogram {
  const edges = quantileEdges(values, bins);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return { edges, proportions: binShares(edges, values), mean };
}
