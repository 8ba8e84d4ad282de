/**
 * Bootstrap confidence interval for dataset mIoU: resample images with replacement, sum the resampled images' class
 * counts, recompute mIoU (NaN-skipping mean of per-class IoU, as computeMetrics), repeat; the interval is the
 * percentile interval of those values (quantiles with linear interpolation, numpy's default). Deterministic for a
 * given seed; resamples whose mIoU is NaN (no class present at all) are dropped.
 */
import { expected } from '../core/errors.js';
import { sumClassCounts, toClassCounts, type ClassCounts } from './class-counts.js';
import type { ConfusionMatrix } from './confusion-matrix.js';
import { mulberry32 } from './prng.js';

export interface BootstrapOptions {
  /** Resamples. Default 1000. */
  samples?: number;
  /** PRNG seed (unsigned 32-bit). Default 0. */
  seed?: number;
  /** Interval coverage. Default 0.95. */
  level?: number;
}

export interface BootstrapInterval {
  /** mIoU of the full dataset. */
  mIoU: number;
  lower: number;
  upper: number;
  level: number;
  samples: number;
  seed: number;
}

function miou(tp: Float64Array, fp: Float64Array, fn: Float64Array): number {
  let sum = 0;
  let count = 0;
  for (let c = 0; c < tp.length; c++) {
    const union = tp[c] + fp[c] + fn[c];
    if (union > 0) {
      sum += tp[c] / union;
      count++;
    }
  }
  return count === 0 ? NaN : sum / count;
}

/** Quantile of sorted values, linear interpolation between closest ranks. */
function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

function parseOptions(options: BootstrapOptions) {
  const { samples = 1000, seed = 0, level = 0.95 } = options;
  if (!Number.isInteger(samples) || samples < 1) throw expected('a positive integer', 'samples', samples);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw expected('an unsigned 32-bit integer', 'seed', seed);
  if (!(level > 0 && level < 1)) throw expected('a number between 0 and 1', 'level', level);
  return { samples, seed, level };
}

export function bootstrapMiou(
  perImage: readonly (ConfusionMatrix | ClassCounts)[],
  options: BootstrapOptions = {},
): BootstrapInterval {
  const { samples, seed, level } = parseOptions(options);
  if (!Array.isArray(perImage) || perImage.length === 0) throw expected('per-image counts (a non-empty array)', 'perImage', perImage);
  const images = perImage.map((item, i) => toClassCounts(item, `perImage[${i}]`));
  const total = sumClassCounts(images, images[0].numClasses);
  const n = total.numClasses;
  const tp = new Float64Array(n);
  const fp = new Float64Array(n);
  const fn = new Float64Array(n);
  const values = new Float64Array(samples);
  const random = mulberry32(seed);
  let kept = 0;
  for (let b = 0; b < samples; b++) {
    tp.fill(0);
    fp.fill(0);
    fn.fill(0);
    for (let k = 0; k < images.length; k++) {
      const image = images[Math.floor(random() * images.length)];
      for (let c = 0; c < n; c++) {
        tp[c] += image.tp[c];
        fp[c] += image.fp[c];
        fn[c] += image.fn[c];
      }
    }
    const value = miou(tp, fp, fn);
    if (!Number.isNaN(value)) values[kept++] = value;
  }
  const sorted = values.subarray(0, kept).sort();
  const tail = (1 - level) / 2;
  return {
    mIoU: miou(total.tp, total.fp, total.fn),
    lower: quantile(sorted, tail),
    upper: quantile(sorted, 1 - tail),
    level,
    samples,
    seed,
  };
}
