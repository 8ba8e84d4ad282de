import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SemsegError } from '../../src/core/errors.js';
import { classCounts, createConfusionMatrix, type LabelGrid } from '../../src/metrics/index.js';

function grid(values: number[], width: number, type: typeof Uint8Array | typeof Uint16Array = Uint8Array): LabelGrid {
  return { labels: type.from(values), width, height: values.length / width };
}

/** Reference: one pixel at a time. */
function naive(gt: number[], pred: number[], n: number, ignore = 255): number[] {
  const out = new Array<number>(n * n).fill(0);
  gt.forEach((g, i) => {
    if (g !== ignore) out[g * n + pred[i]]++;
  });
  return out;
}

function throwsSemseg(fn: () => void, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => error instanceof SemsegError && pattern.test(error.message));
}

describe('createConfusionMatrix', () => {
  it('counts every pixel, including lengths that are not a multiple of 4', () => {
    for (const length of [1, 2, 3, 4, 5, 7, 8, 13, 64, 97]) {
      const gt = Array.from({ length }, (_, i) => (i * 7) % 5);
      const pred = Array.from({ length }, (_, i) => (i * 3 + 1) % 5);
      gt[length - 1] = 255;
      const matrix = createConfusionMatrix({ numClasses: 5 });
      matrix.update(grid(gt, length), grid(pred, length));
      assert.deepEqual(Array.from(matrix.counts), naive(gt, pred, 5), `length ${length}`);
    }
  });

  it('accepts Uint16 maps and mixed types', () => {
    const gt = [0, 299, 150, 65535, 2, 299];
    const pred = [0, 299, 149, 7, 2, 0];
    const matrix = createConfusionMatrix({ numClasses: 300, ignoreIndex: 65535 });
    matrix.update(grid(gt, 3, Uint16Array), grid(pred, 3, Uint16Array));
    matrix.update(grid([1, 2, 3], 3), grid([1, 2, 3], 3, Uint16Array));
    const counts = matrix.counts;
    assert.equal(counts[299 * 300 + 299], 1);
    assert.equal(counts[150 * 300 + 149], 1);
    assert.equal(counts[299 * 300 + 0], 1);
    assert.equal(counts[1 * 300 + 1] + counts[2 * 300 + 2] + counts[3 * 300 + 3], 3 + 1);
    assert.equal(classCounts(matrix).pixels, 5 + 3);
  });

  it('ignores ground-truth ignore pixels whatever the prediction there', () => {
    const matrix = createConfusionMatrix({ numClasses: 3 });
    matrix.update(grid([255, 255, 1, 2], 4), grid([200, 3, 1, 0], 4));
    assert.deepEqual(Array.from(matrix.counts), [0, 0, 0, 0, 1, 0, 1, 0, 0]);
  });

  it('applies labelMap, then reduceZeroLabel, to the ground truth only', () => {
    const reduced = createConfusionMatrix({ numClasses: 2, reduceZeroLabel: true });
    reduced.update(grid([0, 1, 2, 255], 4), grid([1, 0, 1, 1], 4));
    assert.deepEqual(Array.from(reduced.counts), [1, 0, 0, 1]);
    const mapped = createConfusionMatrix({ numClasses: 2, labelMap: { 7: 1, 1: 255 }, ignoreIndex: 255 });
    mapped.update(grid([7, 1, 0], 3), grid([1, 0, 0], 3));
    assert.deepEqual(Array.from(mapped.counts), [1, 0, 0, 1]);
  });

  it('supports no ignore index', () => {
    const matrix = createConfusionMatrix({ numClasses: 256, ignoreIndex: null });
    matrix.update(grid([255, 0], 2), grid([255, 255], 2));
    assert.equal(matrix.counts[255 * 256 + 255], 1);
    assert.equal(matrix.counts[255], 1);
  });

  it('names the bad value and pixel, and leaves the counts unchanged', () => {
    const matrix = createConfusionMatrix({ numClasses: 4 });
    matrix.update(grid([0, 1, 2, 3], 2), grid([0, 1, 2, 3], 2));
    const before = Array.from(matrix.counts);
    const gt = Array.from({ length: 40 }, (_, i) => i % 4);
    const pred = [...gt];
    gt[22] = 9;
    throwsSemseg(
      () => matrix.update(grid(gt, 8), grid(pred, 8)),
      /^Expected a class index below 4 or the ignore index 255 for gt at pixel \(x 6, y 2\) but received 9$/,
    );
    assert.deepEqual(Array.from(matrix.counts), before);
    gt[22] = 2;
    pred[39] = 4;
    throwsSemseg(
      () => matrix.update(grid(gt, 8), grid(pred, 8)),
      /^Expected a class index below 4 for pred at pixel \(x 7, y 4\) but received 4$/,
    );
    assert.deepEqual(Array.from(matrix.counts), before);
    matrix.update(grid(gt, 8), grid(gt, 8));
    assert.equal(classCounts(matrix).pixels, 4 + 40);
  });

  it('rejects maps of different sizes and bad options', () => {
    const matrix = createConfusionMatrix({ numClasses: 4 });
    throwsSemseg(() => matrix.update(grid([0, 1, 2, 3], 2), grid([0, 1, 2, 3], 4)), /a 2x2 label map \(the size of gt\) for pred/);
    throwsSemseg(() => matrix.update(grid([0, 1, 2, 3], 2), { labels: new Uint8Array(3), width: 2, height: 2 }), /4 labels/);
    throwsSemseg(() => createConfusionMatrix({ numClasses: 0 }), /for numClasses but received 0/);
    throwsSemseg(() => createConfusionMatrix({ numClasses: 4, ignoreIndex: 2 }), /outside the classes 0..3/);
    throwsSemseg(() => createConfusionMatrix({ numClasses: 4, labelMap: { 1: 70000 } }), /labelMap\[1\]/);
  });

  it('adds matrices and resets', () => {
    const a = createConfusionMatrix({ numClasses: 2 });
    const b = createConfusionMatrix({ numClasses: 2 });
    a.update(grid([0, 1], 2), grid([0, 0], 2));
    b.update(grid([1, 1], 2), grid([1, 0], 2));
    a.add(b);
    assert.deepEqual(Array.from(a.counts), [1, 0, 2, 1]);
    a.reset();
    assert.deepEqual(Array.from(a.counts), [0, 0, 0, 0]);
    throwsSemseg(() => a.add(createConfusionMatrix({ numClasses: 3 })), /confusion matrix of 2 classes/);
  });
});
