/**
 * Streaming confusion matrix: rows are ground-truth classes, columns predicted classes.
 *
 * Counting: each pixel becomes one bin index `row[gt] + col[pred]` from two lookup tables and bumps an Int32 bin.
 * Four interleaved copies of the bins take consecutive pixels, so runs of equal labels (the normal case in a label
 * map) do not serialise on one memory cell. Each copy has one extra row that swallows ignored ground truth and one
 * extra column that collects invalid predictions (checked after each chunk), so the loop has a single test, for an
 * invalid ground-truth value. The Int32 bins are flushed into Float64 totals before they could overflow (and
 * whenever `counts` is read); Float64 totals are exact integers up to 2^53 (9e15) pixels per cell.
 *
 * An update that throws (bad label value) leaves the totals as they were.
 */
import { expected } from '../core/errors.js';
import { createLabelCoder, IGNORED, type LabelCoder, type MetricLabelOptions } from './label-coder.js';
import { checkPair, type LabelArray, type LabelGrid } from './label-grid.js';

export interface ConfusionMatrix {
  readonly numClasses: number;
  /**
   * Pixel counts, `counts[gt * numClasses + pred]`, ignored pixels excluded. The live array (do not modify; copy
   * with `slice()` to keep a snapshot).
   */
  readonly counts: Float64Array;
  /** Adds one image (or any pair of equally sized label maps). */
  update(gt: LabelGrid, pred: LabelGrid): void;
  /** Adds another matrix with the same number of classes. */
  add(other: ConfusionMatrix): void;
  reset(): void;
}

const COPIES = 4;
/** Pixels per pass; the bins are flushed before the pixels since the last flush could reach 2^31. */
const CHUNK = 2 ** 30;
const FLUSH_LIMIT = 2 ** 31 - 1;
const INVALID_ROW = -(2 ** 30);

/** Counts pixels [start, end); returns end, or the index of the first (group of) pixel(s) with an invalid gt. */
function countRange(
  gt: LabelArray,
  pred: LabelArray,
  start: number,
  end: number,
  row: Int32Array,
  col: Int32Array,
  bins: Int32Array,
  stride: number,
): number {
  const o1 = stride;
  const o2 = 2 * stride;
  const o3 = 3 * stride;
  const last = start + ((end - start) & ~3);
  let i = start;
  for (; i < last; i += 4) {
    const k0 = row[gt[i]] + col[pred[i]];
    const k1 = row[gt[i + 1]] + col[pred[i + 1]];
    const k2 = row[gt[i + 2]] + col[pred[i + 2]];
    const k3 = row[gt[i + 3]] + col[pred[i + 3]];
    if ((k0 | k1 | k2 | k3) < 0) return i;
    bins[k0]++;
    bins[o1 + k1]++;
    bins[o2 + k2]++;
    bins[o3 + k3]++;
  }
  for (; i < end; i++) {
    const k = row[gt[i]] + col[pred[i]];
    if (k < 0) return i;
    bins[k]++;
  }
  return end;
}

function binTables(coder: LabelCoder): { row: Int32Array; col: Int32Array } {
  const n = coder.numClasses;
  const row = new Int32Array(coder.gtClass.length);
  const col = new Int32Array(coder.predClass.length);
  for (let v = 0; v < row.length; v++) {
    const g = coder.gtClass[v];
    row[v] = g >= 0 ? g * (n + 1) : g === IGNORED ? n * (n + 1) : INVALID_ROW;
    const p = coder.predClass[v];
    col[v] = p >= 0 ? p : n;
  }
  return { row, col };
}

export function createConfusionMatrix(options: MetricLabelOptions): ConfusionMatrix {
  const coder = createLabelCoder(options);
  const n = coder.numClasses;
  const width = n + 1;
  const stride = width * width;
  const { row, col } = binTables(coder);
  const bins = new Int32Array(COPIES * stride);
  const totals = new Float64Array(n * n);
  let pending = 0;

  function flush(): void {
    if (pending === 0) return;
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const k = r * width + c;
        totals[r * n + c] += bins[k] + bins[stride + k] + bins[2 * stride + k] + bins[3 * stride + k];
      }
    }
    bins.fill(0);
    pending = 0;
  }

  function invalidPredictions(): boolean {
    for (let r = 0; r < n; r++) {
      const k = r * width + n;
      if (bins[k] + bins[stride + k] + bins[2 * stride + k] + bins[3 * stride + k] !== 0) return true;
    }
    return false;
  }

  /** Takes back pixels [0, stop) of a failed update, then throws the error naming the first bad pixel. */
  function fail(gt: LabelGrid, pred: LabelGrid, stop: number): never {
    flush();
    const g = gt.labels;
    const p = pred.labels;
    for (let i = 0; i < stop; i++) {
      const gc = coder.gtClass[g[i]];
      const pc = coder.predClass[p[i]];
      if (gc >= 0 && pc >= 0) totals[gc * n + pc]--;
    }
    return coder.throwLabelError(gt, pred, 0, g.length);
  }

  return {
    numClasses: n,
    get counts() {
      flush();
      return totals;
    },
    update(gt, pred) {
      checkPair(gt, pred);
      const len = gt.labels.length;
      for (let start = 0; start < len; start += CHUNK) {
        const end = Math.min(len, start + CHUNK);
        if (pending + (end - start) > FLUSH_LIMIT) flush();
        const stop = countRange(gt.labels, pred.labels, start, end, row, col, bins, stride);
        pending += stop - start;
        if (stop < end || invalidPredictions()) fail(gt, pred, stop);
      }
    },
    add(other) {
      if (other.numClasses !== n) throw expected(`a confusion matrix of ${n} classes`, 'other', other.numClasses);
      const source = other.counts;
      flush();
      for (let k = 0; k < totals.length; k++) totals[k] += source[k];
    },
    reset() {
      bins.fill(0);
      totals.fill(0);
      pending = 0;
    },
  };
}
