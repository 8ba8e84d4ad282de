/**
 * Boundary IoU for semantic segmentation, accumulated over a dataset: per class k,
 * |Gb_k ∩ Pb_k| / |Gb_k ∪ Pb_k| with Gb_k, Pb_k the boundary bands (boundary-band.ts) of the ground-truth and
 * predicted masks of k, intersections and unions summed over images before dividing (NaN when a class never has
 * a band; the mean skips NaN). The dilation d = max(1, round(ratio x image diagonal)) is taken per image.
 *
 * Ignored ground truth: those pixels belong to no class in either mask (the predicted mask of k is
 * pred == k AND gt not ignored) and are never counted, so predictions there cannot change the score; a class
 * region next to an ignored region has a band along it in both masks.
 */
import { expected } from '../core/errors.js';
import { boundaryDilation, markBoundaryBand } from './boundary-band.js';
import { createLabelCoder, IGNORED, INVALID, type MetricLabelOptions } from './label-coder.js';
import { checkPair, type LabelGrid } from './label-grid.js';
import { divide, nanMean } from './reduce.js';

export interface BoundaryIoUOptions extends MetricLabelOptions {
  /** Band width as a fraction of the image diagonal. Default 0.02 (the paper's and the reference's default). */
  dilationRatio?: number;
}

export interface BoundaryIoUResult {
  /** Per-class boundary IoU (NaN: the class has no band in ground truth or prediction anywhere). */
  perClass: number[];
  /** NaN-skipping mean over classes. */
  mBoundaryIoU: number;
  /** Summed band intersections and unions per class. */
  intersection: number[];
  union: number[];
  dilationRatio: number;
}

export interface BoundaryIoUAccumulator {
  update(gt: LabelGrid, pred: LabelGrid): void;
  result(): BoundaryIoUResult;
  reset(): void;
}

export function createBoundaryIoU(options: BoundaryIoUOptions): BoundaryIoUAccumulator {
  const coder = createLabelCoder(options);
  const { dilationRatio = 0.02 } = options;
  if (!(typeof dilationRatio === 'number' && dilationRatio >= 0 && dilationRatio < 1)) {
    throw expected('a number in [0, 1)', 'dilationRatio', dilationRatio);
  }
  const n = coder.numClasses;
  const inter = new Float64Array(n);
  const gtBand = new Float64Array(n);
  const predBand = new Float64Array(n);
  let gtCodes = new Int32Array(0);
  let predCodes = new Int32Array(0);
  let gtFlags = new Uint8Array(0);
  let predFlags = new Uint8Array(0);
  let columnRuns = new Int32Array(0);

  function ensureScratch(size: number, width: number): void {
    if (gtCodes.length < size) {
      gtCodes = new Int32Array(size);
      predCodes = new Int32Array(size);
      gtFlags = new Uint8Array(size);
      predFlags = new Uint8Array(size);
    }
    if (columnRuns.length < width) columnRuns = new Int32Array(width);
  }

  /** Class codes of both maps (-1: ignored ground truth, in both); throws on a value that is no class. */
  function encode(gt: LabelGrid, pred: LabelGrid): void {
    const g = gt.labels;
    const p = pred.labels;
    const { gtClass, predClass } = coder;
    for (let i = 0; i < g.length; i++) {
      const gc = gtClass[g[i]];
      const pc = predClass[p[i]];
      if (gc === INVALID || (pc === INVALID && gc !== IGNORED)) coder.throwLabelError(gt, pred, i, i + 1);
      gtCodes[i] = gc;
      predCodes[i] = gc === IGNORED ? IGNORED : pc;
    }
  }

  return {
    update(gt, pred) {
      checkPair(gt, pred);
      const { width, height } = gt;
      const size = width * height;
      ensureScratch(size, width);
      encode(gt, pred);
      const d = boundaryDilation(width, height, dilationRatio);
      markBoundaryBand(gtCodes, width, height, d, gtFlags, columnRuns);
      markBoundaryBand(predCodes, width, height, d, predFlags, columnRuns);
      for (let i = 0; i < size; i++) {
        const g = gtCodes[i];
        if (g === IGNORED) continue;
        const p = predCodes[i];
        const inGt = gtFlags[i];
        const inPred = predFlags[i];
        gtBand[g] += inGt;
        predBand[p] += inPred;
        if (g === p) inter[g] += inGt & inPred;
      }
    },
    result() {
      const intersection = Array.from(inter);
      const union = intersection.map((v, c) => gtBand[c] + predBand[c] - v);
      const perClass = intersection.map((v, c) => divide(v, union[c]));
      return { perClass, mBoundaryIoU: nanMean(perClass), intersection, union, dilationRatio };
    },
    reset() {
      inter.fill(0);
      gtBand.fill(0);
      predBand.fill(0);
    },
  };
}
