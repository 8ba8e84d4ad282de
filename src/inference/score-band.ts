/**
 * Accumulates window scores over a band of full-width rows and hands out finished rows, so sliding windows never
 * need a score volume of the whole image: the band holds `capacity` rows (the window height), reused as a ring.
 * Scores are channel-planar: a window's scores are `channels` planes of `height x width`, a row is `channels` runs
 * of `width`.
 */

export class ScoreBand {
  private readonly sums: Float32Array;
  private readonly weights: Float32Array;

  constructor(
    readonly channels: number,
    readonly width: number,
    readonly capacity: number,
  ) {
    this.sums = new Float32Array(channels * capacity * width);
    this.weights = new Float32Array(capacity * width);
  }

  /**
   * Adds one window's scores at (x0, y0) with the separable weights `wx` (one per window column) and `wy` (per
   * window row). The window's rows must lie within `capacity` rows of the oldest row not yet taken.
   */
  add(scores: Float32Array, x0: number, y0: number, w: number, h: number, wx: Float32Array, wy: Float32Array): void {
    const { width, capacity, sums, weights } = this;
    const plane = w * h;
    const bandPlane = capacity * width;
    for (let y = 0; y < h; y++) {
      const slot = ((y0 + y) % capacity) * width + x0;
      const fy = wy[y];
      for (let x = 0; x < w; x++) weights[slot + x] += wx[x] * fy;
      for (let c = 0; c < this.channels; c++) {
        const src = c * plane + y * w;
        const dst = c * bandPlane + slot;
        for (let x = 0; x < w; x++) sums[dst + x] += scores[src + x] * (wx[x] * fy);
      }
    }
  }

  /** Writes the weighted mean of row `y` into `out` (channels x width) and clears the row for reuse. */
  take(y: number, out: Float32Array): void {
    const { width, capacity, sums, weights } = this;
    const slot = (y % capacity) * width;
    const bandPlane = capacity * width;
    for (let c = 0; c < this.channels; c++) {
      const src = c * bandPlane + slot;
      const dst = c * width;
      for (let x = 0; x < width; x++) out[dst + x] = sums[src + x] / weights[slot + x];
      sums.fill(0, src, src + width);
    }
    weights.fill(0, slot, slot + width);
  }
}
