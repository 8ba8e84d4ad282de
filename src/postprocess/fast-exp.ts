/**
 * exp(d) for d <= 0 from a table with linear interpolation: relative error below 3e-6 on [-16, 0], about four
 * times cheaper than Math.exp, which otherwise dominates softmax confidence (one exp per class and pixel).
 * Below -16 it returns 0: exp(-16) < 1.2e-7, so even eleven such classes move a softmax denominator (which is at
 * least 1, the winning class) by under 1.3e-6 relative, while most losing logits of a trained model fall there and
 * skip the table.
 */
const STEPS_PER_UNIT = 256;
const RANGE = 16;
const table = new Float64Array(RANGE * STEPS_PER_UNIT + 2);
for (let i = 0; i < table.length; i++) table[i] = Math.exp(-i / STEPS_PER_UNIT);

/** exp(d) for d <= 0; 0 below -16. */
export function expNonPositive(d: number): number {
  const x = -d * STEPS_PER_UNIT;
  if (x >= RANGE * STEPS_PER_UNIT) return 0;
  const i = x | 0;
  const a = table[i];
  return a + (table[i + 1] - a) * (x - i);
}
