/**
 * The label-map shape every metric accumulator takes, and the checks made once per update at that boundary:
 * typed label arrays of the declared size, ground truth and prediction of the same size.
 */
import { expected, type SemsegError } from '../core/errors.js';

export type LabelArray = Uint8Array | Uint16Array;

/** A row-major label map; `LabelMap` from core/types satisfies it. */
export interface LabelGrid {
  labels: LabelArray;
  width: number;
  height: number;
}

function checkGrid(grid: LabelGrid, parameter: string): void {
  if (grid === null || typeof grid !== 'object') throw expected('a label map {labels, width, height}', parameter, grid);
  const { labels, width, height } = grid;
  if (!(labels instanceof Uint8Array || labels instanceof Uint16Array)) {
    throw expected('a Uint8Array or Uint16Array', `${parameter}.labels`, labels);
  }
  if (!Number.isInteger(width) || width < 1) throw expected('a positive integer', `${parameter}.width`, width);
  if (!Number.isInteger(height) || height < 1) throw expected('a positive integer', `${parameter}.height`, height);
  if (labels.length !== width * height) {
    throw expected(`${width * height} labels (${width}x${height})`, `${parameter}.labels`, labels);
  }
}

/** Validates both maps and that they cover the same pixels. */
export function checkPair(gt: LabelGrid, pred: LabelGrid): void {
  checkGrid(gt, 'gt');
  checkGrid(pred, 'pred');
  if (pred.width !== gt.width || pred.height !== gt.height) {
    throw expected(`a ${gt.width}x${gt.height} label map (the size of gt)`, 'pred', `${pred.width}x${pred.height}`);
  }
}

/** The error for a label value that is no class (and not the ignore index), naming the pixel. */
export function labelOutOfRange(
  parameter: 'gt' | 'pred',
  value: number,
  index: number,
  width: number,
  allowed: string,
): SemsegError {
  const x = index % width;
  const y = (index - x) / width;
  return expected(allowed, `${parameter} at pixel (x ${x}, y ${y})`, value);
}
