/** Durations of the most recent runs in a fixed ring, summarised on demand (stats() is rare, runs are many). */
import type { RunDurations } from './types.js';

export class DurationRing {
  private readonly values: Float64Array;
  private next = 0;
  private filled = 0;

  constructor(capacity = 256) {
    this.values = new Float64Array(capacity);
  }

  add(ms: number): void {
    this.values[this.next] = ms;
    this.next = (this.next + 1) % this.values.length;
    this.filled = Math.min(this.filled + 1, this.values.length);
  }

  summary(): RunDurations {
    if (this.filled === 0) return { count: 0, meanMs: 0, p50Ms: 0, p95Ms: 0 };
    const sorted = this.values.slice(0, this.filled).sort();
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
    return { count: sorted.length, meanMs: mean, p50Ms: at(0.5), p95Ms: at(0.95) };
  }
}
