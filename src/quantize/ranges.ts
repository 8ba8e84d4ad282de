/**
 * Activation ranges from calibration batches. `minmax` keeps the extremes; `percentile` keeps a histogram of |x|
 * (bins over [0, max|x|], merged pairwise when a larger value arrives) and clips at the given percentile, so a few
 * outliers do not stretch the quantization step of every other value.
 */
export type CalibrationMethod = 'minmax' | 'percentile';

export interface TensorRange {
  min: number;
  max: number;
}

const BINS = 2048;

export class RangeCollector {
  private min = Infinity;
  private max = -Infinity;
  private histogram: Float64Array | undefined;
  /** Upper edge of the histogram: bins cover [0, top). */
  private top = 0;

  constructor(private readonly method: CalibrationMethod) {}

  add(values: Float32Array): void {
    let min = this.min;
    let max = this.max;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    this.min = min;
    this.max = max;
    if (this.method === 'percentile') this.addToHistogram(values, Math.max(Math.abs(min), Math.abs(max)));
  }

  /** The range to quantize to; always holds 0 (zero must be exact: padding, ReLU). */
  range(percentile: number): TensorRange {
    if (!Number.isFinite(this.min)) return { min: 0, max: 0 };
    if (this.method === 'minmax' || !this.histogram) return { min: Math.min(0, this.min), max: Math.max(0, this.max) };
    const limit = this.percentileOfAbs(percentile);
    return { min: Math.max(Math.min(0, this.min), -limit), max: Math.min(Math.max(0, this.max), limit) };
  }

  private addToHistogram(values: Float32Array, absMax: number): void {
    if (!this.histogram) {
      this.histogram = new Float64Array(BINS);
      this.top = absMax > 0 ? absMax : 1;
    }
    while (absMax >= this.top) this.doubleRange();
    const histogram = this.histogram;
    const perBin = BINS / this.top;
    for (let i = 0; i < values.length; i++) histogram[Math.min(BINS - 1, Math.floor(Math.abs(values[i]) * perBin))]++;
  }

  private doubleRange(): void {
    const histogram = this.histogram!;
    for (let i = 0; i < BINS / 2; i++) histogram[i] = histogram[2 * i] + histogram[2 * i + 1];
    histogram.fill(0, BINS / 2);
    this.top *= 2;
  }

  private percentileOfAbs(percentile: number): number {
    const histogram = this.histogram!;
    const total = histogram.reduce((a, b) => a + b, 0);
    const wanted = (total * percentile) / 100;
    let seen = 0;
    for (let i = 0; i < BINS; i++) {
      seen += histogram[i];
      if (seen >= wanted) return ((i + 1) * this.top) / BINS;
    }
    return this.top;
  }
}
