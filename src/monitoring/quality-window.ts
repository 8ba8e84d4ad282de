/**
 * The rolling window of a DriftMonitor: the last `capacity` images' figures, each counted into its reference bins,
 * with running sums for the means. Fixed memory (capacity x figures numbers and bin indices), O(figures x log bins)
 * per image; the sums are recomputed from the ring each time it wraps, so rounding never accumulates.
 */
import { binIndex } from './histogram.js';

export class QualityWindow {
  readonly capacity: number;
  /** Images in the window. */
  size = 0;
  private head = 0;
  private readonly figures: number;
  private readonly edges: (readonly number[] | null)[];
  /** Where each figure's bin counts start in `counts`. */
  private readonly offsets: Int32Array;
  private readonly counts: Uint32Array;
  private readonly sums: Float64Array;
  /** Ring of `capacity` slots of `figures` values and their bins. */
  private readonly values: Float64Array;
  private readonly bins: Uint8Array;

  /** One figure per entry of `edges`: its reference bin edges, or null for a figure that is only averaged. */
  constructor(capacity: number, edges: (readonly number[] | null)[]) {
    this.capacity = capacity;
    this.figures = edges.length;
    this.edges = edges;
    this.offsets = new Int32Array(edges.length);
    let total = 0;
    edges.forEach((e, f) => {
      this.offsets[f] = total;
      total += e ? e.length + 1 : 0;
    });
    this.counts = new Uint32Array(total);
    this.sums = new Float64Array(edges.length);
    this.values = new Float64Array(capacity * edges.length);
    this.bins = new Uint8Array(capacity * edges.length);
  }

  /** Adds one image's figures (in the order of the constructor's edges), dropping the oldest when full. */
  push(figures: ArrayLike<number>): void {
    const F = this.figures;
    const slot = this.head * F;
    if (this.size === this.capacity) {
      for (let f = 0; f < F; f++) {
        this.sums[f] -= this.values[slot + f];
        if (this.edges[f]) this.counts[this.offsets[f] + this.bins[slot + f]]--;
      }
    } else {
      this.size++;
    }
    for (let f = 0; f < F; f++) {
      const v = figures[f];
      this.values[slot + f] = v;
      this.sums[f] += v;
      const edges = this.edges[f];
      if (!edges) continue;
      const bin = binIndex(edges, v);
      this.bins[slot + f] = bin;
      this.counts[this.offsets[f] + bin]++;
    }
    this.head = (this.head + 1) % this.capacity;
    if (this.head === 0) this.resum();
  }

  /** Images of the window in bin `bin` of figure `f`. */
  count(f: number, bin: number): number {
    return this.counts[this.offsets[f] + bin];
  }

  /** Mean of figure `f` over the window (NaN when empty). */
  mean(f: number): number {
    return this.sums[f] / this.size;
  }

  clear(): void {
    this.size = 0;
    this.head = 0;
    this.counts.fill(0);
    this.sums.fill(0);
  }

  private resum(): void {
    this.sums.fill(0);
    const F = this.figures;
    for (let s = 0; s < this.size; s++) for (let f = 0; f < F; f++) this.sums[f] += this.values[s * F + f];
  }
}
