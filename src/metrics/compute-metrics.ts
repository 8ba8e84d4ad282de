/**
 * semseg's own metric set from class counts. A per-class score whose denominator is 0 is NaN (undefined, not 0),
 * and every class mean is a NaN-skipping mean, so a class absent from both ground truth and prediction does not
 * count. A class absent from the ground truth but predicted has IoU 0 and Dice 0 but no accuracy (recall).
 * These are MMSegmentation's semantics (see profiles.ts for the other tools); fwIoU is FCN's frequency-weighted IoU.
 */
import type { ConfusionMatrix } from './confusion-matrix.js';
import { toClassCounts, type ClassCounts } from './class-counts.js';
import { divide, nanMean } from './reduce.js';

export interface PerClassMetrics {
  /** tp / (tp + fp + fn). */
  IoU: number[];
  /** tp / (tp + fn): pixel accuracy of the class (same as Recall). */
  Acc: number[];
  /** 2 tp / (2 tp + fp + fn), also the F1 score. */
  Dice: number[];
  /** tp / (tp + fp). */
  Precision: number[];
  /** tp / (tp + fn). */
  Recall: number[];
  /** Ground-truth pixels of the class (tp + fn). */
  gtPixels: number[];
  /** Predicted pixels of the class (tp + fp). */
  predPixels: number[];
}

export interface Metrics {
  /** Correct pixels / counted pixels. */
  aAcc: number;
  mIoU: number;
  mAcc: number;
  /** Sum over classes of (ground-truth share of pixels) x IoU. */
  fwIoU: number;
  mDice: number;
  mPrecision: number;
  mRecall: number;
  perClass: PerClassMetrics;
}

export function perClassMetrics(counts: ClassCounts): PerClassMetrics {
  const n = counts.numClasses;
  const out: PerClassMetrics = { IoU: [], Acc: [], Dice: [], Precision: [], Recall: [], gtPixels: [], predPixels: [] };
  for (let c = 0; c < n; c++) {
    const tp = counts.tp[c];
    const fp = counts.fp[c];
    const fn = counts.fn[c];
    const recall = divide(tp, tp + fn);
    out.IoU.push(divide(tp, tp + fp + fn));
    out.Acc.push(recall);
    out.Dice.push(divide(2 * tp, 2 * tp + fp + fn));
    out.Precision.push(divide(tp, tp + fp));
    out.Recall.push(recall);
    out.gtPixels.push(tp + fn);
    out.predPixels.push(tp + fp);
  }
  return out;
}

function frequencyWeighted(iou: number[], gtPixels: number[], pixels: number): number {
  if (pixels === 0) return NaN;
  let sum = 0;
  for (let c = 0; c < iou.length; c++) if (gtPixels[c] > 0) sum += (gtPixels[c] / pixels) * iou[c];
  return sum;
}

/** Metrics of a dataset (its total matrix or summed counts) or of one image (that image's counts). */
export function computeMetrics(source: ConfusionMatrix | ClassCounts): Metrics {
  const counts = toClassCounts(source, 'source');
  const perClass = perClassMetrics(counts);
  let correct = 0;
  for (let c = 0; c < counts.numClasses; c++) correct += counts.tp[c];
  return {
    aAcc: divide(correct, counts.pixels),
    mIoU: nanMean(perClass.IoU),
    mAcc: nanMean(perClass.Acc),
    fwIoU: frequencyWeighted(perClass.IoU, perClass.gtPixels, counts.pixels),
    mDice: nanMean(perClass.Dice),
    mPrecision: nanMean(perClass.Precision),
    mRecall: nanMean(perClass.Recall),
    perClass,
  };
}
