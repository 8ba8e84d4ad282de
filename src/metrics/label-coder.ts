/**
 * Label options -> two lookup tables (raw ground-truth value -> class, raw prediction value -> class). Ignore index,
 * label remapping and reduce_zero_label are folded into the ground-truth table once, so the per-pixel loops of every
 * accumulator do one table read per label and nothing else.
 *
 * Order, as in MMSegmentation's annotation loading: `labelMap` first, then `reduceZeroLabel` (0 -> ignore,
 * k -> k - 1, the ignore index stays ignored). Both apply to the ground truth only; predictions are class indices.
 */
import { expected, SemsegError } from '../core/errors.js';
import { labelOutOfRange, type LabelGrid } from './label-grid.js';

export interface MetricLabelOptions {
  /** Number of classes C; class indices are 0..C-1. At most 1024. */
  numClasses: number;
  /** Ground-truth value excluded from every score, or null for none. Default 255. Must not be a class index. */
  ignoreIndex?: number | null;
  /** Raw ground-truth value -> value, applied first (MMSegmentation's `label_map`); unlisted values stay. */
  labelMap?: Readonly<Record<number, number>>;
  /** Ground truth 0 -> ignore and k -> k - 1, after `labelMap` (MMSegmentation's `reduce_zero_label`). */
  reduceZeroLabel?: boolean;
}

export const MAX_CLASSES = 1024;
/** Table entry of a ground-truth value that is the ignore index (after mapping). */
export const IGNORED = -1;
/** Table entry of a value that is neither a class nor ignored. */
export const INVALID = -2;

const TABLE_SIZE = 65536;

export interface LabelCoder {
  readonly numClasses: number;
  readonly ignoreIndex: number | null;
  /** Raw ground-truth value -> class index, IGNORED or INVALID. */
  readonly gtClass: Int32Array;
  /** Raw prediction value -> class index or INVALID. */
  readonly predClass: Int32Array;
  /**
   * Throws the out-of-range error for the first bad pixel in [start, end): a ground-truth value that is neither a
   * class nor ignored, or a prediction that is no class where the ground truth is not ignored. Callers have seen one.
   */
  throwLabelError(gt: LabelGrid, pred: LabelGrid, start: number, end: number): never;
}

function checkLabelValue(value: unknown, parameter: string): number {
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) >= TABLE_SIZE) {
    throw expected('an integer label value in 0..65535', parameter, value);
  }
  return value as number;
}

function parseOptions(options: MetricLabelOptions) {
  if (options === null || typeof options !== 'object') throw expected('an options object', 'options', options);
  const { numClasses, ignoreIndex = 255, labelMap = {}, reduceZeroLabel = false } = options;
  if (!Number.isInteger(numClasses) || numClasses < 1 || numClasses > MAX_CLASSES) {
    throw expected(`an integer in 1..${MAX_CLASSES}`, 'numClasses', numClasses);
  }
  if (ignoreIndex !== null) {
    checkLabelValue(ignoreIndex, 'ignoreIndex');
    if (ignoreIndex < numClasses) {
      throw expected(`an ignore index outside the classes 0..${numClasses - 1} (or null)`, 'ignoreIndex', ignoreIndex);
    }
  }
  if (labelMap === null || typeof labelMap !== 'object') throw expected('an object of value -> value', 'labelMap', labelMap);
  const pairs = Object.entries(labelMap).map(([from, to]) => [
    checkLabelValue(Number(from), `labelMap key ${JSON.stringify(from)}`),
    checkLabelValue(to, `labelMap[${from}]`),
  ]);
  if (typeof reduceZeroLabel !== 'boolean') throw expected('a boolean', 'reduceZeroLabel', reduceZeroLabel);
  return { numClasses, ignoreIndex, pairs, reduceZeroLabel };
}

export function createLabelCoder(options: MetricLabelOptions): LabelCoder {
  const { numClasses, ignoreIndex, pairs, reduceZeroLabel } = parseOptions(options);
  const mapped = new Int32Array(TABLE_SIZE);
  for (let v = 0; v < TABLE_SIZE; v++) mapped[v] = v;
  for (const [from, to] of pairs) mapped[from] = to;

  const gtClass = new Int32Array(TABLE_SIZE);
  const predClass = new Int32Array(TABLE_SIZE);
  for (let v = 0; v < TABLE_SIZE; v++) {
    let m = mapped[v];
    const ignored = m === ignoreIndex || (reduceZeroLabel && m === 0);
    if (reduceZeroLabel && !ignored) m -= 1;
    gtClass[v] = ignored ? IGNORED : m < numClasses ? m : INVALID;
    predClass[v] = v < numClasses ? v : INVALID;
  }

  const ignoreText = ignoreIndex === null ? '' : ` or the ignore index ${ignoreIndex}`;
  const gtAllowed =
    pairs.length > 0 || reduceZeroLabel
      ? `a value that maps to a class below ${numClasses}${ignoreText}`
      : `a class index below ${numClasses}${ignoreText}`;
  const predAllowed = `a class index below ${numClasses}`;

  return {
    numClasses,
    ignoreIndex,
    gtClass,
    predClass,
    throwLabelError(gt, pred, start, end) {
      const g = gt.labels;
      const p = pred.labels;
      for (let i = start; i < end; i++) {
        const c = gtClass[g[i]];
        if (c === INVALID) throw labelOutOfRange('gt', g[i], i, gt.width, gtAllowed);
        if (c !== IGNORED && predClass[p[i]] === INVALID) throw labelOutOfRange('pred', p[i], i, gt.width, predAllowed);
      }
      throw new SemsegError('INVALID_ARGUMENT', `No out-of-range label in pixels ${start}..${end - 1} (metrics bug)`);
    },
  };
}
