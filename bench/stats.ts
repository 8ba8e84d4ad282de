/** Median and minimum of repeated timings, as every benchmark here reports them. */
export function summarize(samples: number[]): { median: number; min: number; runs: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], runs: sorted.length };
}
