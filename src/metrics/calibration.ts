/**
 * Calibration of per-pixel confidences, streaming: expected calibration error (ECE), maximum calibration error (MCE)
 * and reliability-diagram data.
 *
 * Binning convention: B equal-width bins (default 15); bin b holds confidences in [b/B, (b+1)/B), the last bin also
 * holds 1.0, i.e. b = min(floor(B * c), B - 1), computed exactly (a float32 times B is exact in float64).
 * ECE = sum over bins of (pixels in bin / pixels) x |accuracy(bin) - mean confidence(bin)|; MCE = the largest gap of
 * a non-empty bin. A pixel is correct when the prediction equals the (mapped) ground truth; ignored pixels are
 * skipped. torchmetrics' CalibrationError differs only at c = 1.0 exactly (it gives 1.0 a bin of its own) and at
 * confidences within a float32 rounding of a bin edge (its edges are float32 linspace values).
 */
import { expected } from '../core/errors.js';
import { createLabelCoder, IGNORED, INVALID, type MetricLabelOptions } from './label-coder.js';
import { checkPair, type LabelGrid } from './label-grid.js';

export interface CalibrationOptions extends MetricLabelOptions {
  /** Number of equal-width bins. Default 15. */
  bins?: number;
}

export interface ReliabilityBin {
  lower: number;
  upper: number;
  pixels: number;
  /** Mean confidence of the bin's pixels (NaN when empty). */
  confidence: number;
  /** Fraction of the bin's pixels that are correct (NaN when empty). */
  accuracy: number;
}

export interface CalibrationResult {
  ece: number;
  mce: number;
  pixels: number;
  /** Mean confidence and accuracy over all counted pixels. */
  confidence: number;
  accuracy: number;
  bins: ReliabilityBin[];
}

export interface CalibrationAccumulator {
  /** `confidence[i]` is the probability of `pred` at pixel i, in [0, 1]. */
  update(confidence: Float32Array, gt: LabelGrid, pred: LabelGrid): void;
  result(): CalibrationResult;
  reset(): void;
}

export function createCalibration(options: CalibrationOptions): CalibrationAccumulator {
  const coder = createLabelCoder(options);
  const { bins: binCount = 15 } = options;
  if (!Number.isInteger(binCount) || binCount < 1 || binCount > 10000) {
    throw expected('an integer in 1..10000', 'bins', binCount);
  }
  const count = new Float64Array(binCount);
  const confidenceSum = new Float64Array(binCount);
  const correctSum = new Float64Array(binCount);
  const pending = { count: new Float64Array(binCount), confidence: new Float64Array(binCount), correct: new Float64Array(binCount) };

  function clearPending(): void {
    pending.count.fill(0);
    pending.confidence.fill(0);
    pending.correct.fill(0);
  }

  function badValue(confidence: Float32Array, gt: LabelGrid, pred: LabelGrid, i: number): never {
    clearPending();
    const gc = coder.gtClass[gt.labels[i]];
    if (gc === INVALID || coder.predClass[pred.labels[i]] === INVALID) coder.throwLabelError(gt, pred, i, i + 1);
    const x = i % gt.width;
    throw expected('a confidence in [0, 1]', `confidence at pixel (x ${x}, y ${(i - x) / gt.width})`, confidence[i]);
  }

  return {
    update(confidence, gt, pred) {
      checkPair(gt, pred);
      if (!(confidence instanceof Float32Array) || confidence.length !== gt.labels.length) {
        throw expected(`a Float32Array of ${gt.labels.length} values`, 'confidence', confidence);
      }
      const g = gt.labels;
      const p = pred.labels;
      const { gtClass, predClass } = coder;
      for (let i = 0; i < g.length; i++) {
        const gc = gtClass[g[i]];
        if (gc === IGNORED) continue;
        const pc = predClass[p[i]];
        const c = confidence[i];
        if (gc === INVALID || pc === INVALID || !(c >= 0 && c <= 1)) badValue(confidence, gt, pred, i);
        const b = Math.min(Math.floor(c * binCount), binCount - 1);
        pending.count[b]++;
        pending.confidence[b] += c;
        if (gc === pc) pending.correct[b]++;
      }
      for (let b = 0; b < binCount; b++) {
        count[b] += pending.count[b];
        confidenceSum[b] += pending.confidence[b];
        correctSum[b] += pending.correct[b];
      }
      clearPending();
    },
    result() {
      let pixels = 0;
      let confidenceTotal = 0;
      let correctTotal = 0;
      for (let b = 0; b < binCount; b++) {
        pixels += count[b];
        confidenceTotal += confidenceSum[b];
        correctTotal += correctSum[b];
      }
      let ece = 0;
      let mce = 0;
      const bins: ReliabilityBin[] = [];
      for (let b = 0; b < binCount; b++) {
        const n = count[b];
        const confidence = n > 0 ? confidenceSum[b] / n : NaN;
        const accuracy = n > 0 ? correctSum[b] / n : NaN;
        if (n > 0) {
          const gap = Math.abs(accuracy - confidence);
          ece += (n / pixels) * gap;
          mce = Math.max(mce, gap);
        }
        bins.push({ lower: b / binCount, upper: (b + 1) / binCount, pixels: n, confidence, accuracy });
      }
      return {
        ece: pixels > 0 ? ece : NaN,
        mce: pixels > 0 ? mce : NaN,
        pixels,
        confidence: pixels > 0 ? confidenceTotal / pixels : NaN,
        accuracy: pixels > 0 ? correctTotal / pixels : NaN,
        bins,
      };
    },
    reset() {
      count.fill(0);
      confidenceSum.fill(0);
      correctSum.fill(0);
    },
  };
}
