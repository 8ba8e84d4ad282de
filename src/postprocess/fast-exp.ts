/**
 * exp(d) for d <= 0 from a table with linear interpolation: relative error below 3e-6 on [-32, 0], about four
 * times cheaper than Math.exp, which otherwise dominates softmax confidence (one exp per class and pixel).
 */
const STEPS_PER_UNIT = 256;
const RANGE = 32;
const table = new Float64Array(RANGE * STEPS_PER_UNIT + 2);
for (let i = 0; i < table.length; i++) table[i] = Math.exp(-i / STEPS_PER_UNIT);

/** exp(d) for d <= 0; 0 below -32 (exp(-32) < 1.3e-14, invisible next to the 1 of the winning class). */
export function expNonPositive(d: number): number {
  const x = -d * STEPS_PER_UNIT;
  if (x >= RANGE * STEPS_PER_UNIT) return 0;
  const i = x | 0;
  const a = table[i];
  return a + (table[i + 1] - a) * (x - i);
}
