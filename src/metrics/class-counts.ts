/**
 * Per-class true positive, false positive and false negative pixel counts: all that IoU-family metrics need, and
 * small enough (3 x C numbers) to keep for every image of a dataset. True negatives are `pixels - tp - fp - fn`.
 */
import { expected } from '../core/errors.js';
import type { ConfusionMatrix } from './confusion-matrix.js';

export interface ClassCounts {
  readonly numClasses: number;
  readonly tp: Float64Array;
  readonly fp: Float64Array;
  readonly fn: Float64Array;
  /** Pixels counted (ignored pixels excluded). */
  readonly pixels: number;
}

export function emptyClassCounts(numClasses: number): ClassCounts {
  return {
    numClasses,
    tp: new Float64Array(numClasses),
    fp: new Float64Array(numClasses),
    fn: new Float64Array(numClasses),
    pixels: 0,
  };
}

export function classCounts(matrix: ConfusionMatrix): ClassCounts {
  const n = matrix.numClasses;
  const counts = matrix.counts;
  const { tp, fp, fn } = emptyClassCounts(n);
  let pixels = 0;
  for (let g = 0; g < n; g++) {
    for (let p = 0; p < n; p++) {
      const v = counts[g * n + p];
      pixels += v;
      if (g === p) tp[g] += v;
      else {
        fn[g] += v;
        fp[p] += v;
      }
    }
  }
  return { numClasses: n, tp, fp, fn, pixels };
}

/** Accepts either form; a matrix is reduced to its class counts. */
export function toClassCounts(source: ConfusionMatrix | ClassCounts, parameter: string): ClassCounts {
  if (source !== null && typeof source === 'object') {
    if ('tp' in source && source.tp instanceof Float64Array) return source;
    if ('counts' in source && source.counts instanceof Float64Array) return classCounts(source);
  }
  throw expected('a ConfusionMatrix or ClassCounts', parameter, source);
}

/** Dataset counts from per-image counts (all with the same number of classes). */
export function sumClassCounts(items: readonly ClassCounts[], numClasses: number): ClassCounts {
  const { tp, fp, fn } = emptyClassCounts(numClasses);
  let pixels = 0;
  items.forEach((item, i) => {
    if (item.numClasses !== numClasses) throw expected(`${numClasses} classes`, `images[${i}]`, item.numClasses);
    for (let c = 0; c < numClasses; c++) {
      tp[c] += item.tp[c];
      fp[c] += item.fp[c];
      fn[c] += item.fn[c];
    }
    pixels += item.pixels;
  });
  return { numClasses, tp, fp, fn, pixels };
}
