/** The two reductions every metric formula here is built from. */

/** `num / den`, or `zeroDivision` when the denominator is 0 (NaN by default). */
export function divide(num: number, den: number, zeroDivision = NaN): number {
  return den === 0 ? zeroDivision : num / den;
}

/** Mean of the non-NaN values; NaN when there are none. */
export function nanMean(values: ArrayLike<number>): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v)) {
      sum += v;
      count++;
    }
  }
  return count === 0 ? NaN : sum / count;
}

/** Plain mean (NaN propagates); NaN for no values. */
export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return values.length === 0 ? NaN : sum / values.length;
}
