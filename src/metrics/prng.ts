/**
 * Seeded uniform generator (mulberry32, 32-bit state): small, fast and simple to re-implement exactly elsewhere
 * (tools/metrics/make_parity_fixtures.py does, to check the bootstrap). Not for cryptography.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t = (t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
