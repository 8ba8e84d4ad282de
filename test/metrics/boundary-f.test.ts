import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boundaryCounts, boundaryFScore, dilateSquare, maskBoundary } from '../../src/metrics/boundary-f.js';

function square(width: number, height: number, x0: number, y0: number, size: number): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (let y = y0; y < y0 + size; y++) for (let x = x0; x < x0 + size; x++) mask[y * width + x] = 1;
  return mask;
}

const count = (a: Uint8Array) => a.reduce((s, v) => s + v, 0);

test('the boundary of a 5x5 square is its 16 outer pixels; one touching the image edge has no boundary there', () => {
  assert.equal(count(maskBoundary(square(10, 10, 2, 2, 5), 10, 10)), 16);
  // Against the left and top edges: only the right column and bottom row (5 + 5 - 1).
  assert.equal(count(maskBoundary(square(10, 10, 0, 0, 5), 10, 10)), 9);
});

test('dilation by a square reaches exactly r pixels in each direction, diagonals included', () => {
  const one = new Uint8Array(81);
  one[4 * 9 + 4] = 1;
  const d = dilateSquare(one, 9, 9, 2);
  assert.equal(count(d), 25);
  assert.equal(d[2 * 9 + 2], 1);
  assert.equal(d[1 * 9 + 4], 0);
});

test('boundary F is 1 for the same mask, falls for a shifted one beyond the tolerance and recovers within it', () => {
  const gt = square(30, 30, 10, 10, 8);
  assert.deepEqual(boundaryFScore(boundaryCounts(gt, gt, 30, 30, 0)), { precision: 1, recall: 1, f: 1 });
  const shifted = square(30, 30, 12, 10, 8);
  // Shifted 2 px right: with tolerance 2 every boundary pixel has a partner.
  assert.equal(boundaryFScore(boundaryCounts(shifted, gt, 30, 30, 2)).f, 1);
  // Tolerance 1: the left and right columns (8 px each side) miss, top and bottom rows mostly match.
  const tight = boundaryCounts(shifted, gt, 30, 30, 1);
  assert.equal(tight.predicted, 28);
  // Rows y=10 and y=17: x=12..18 match (7 each); left column x=12: only y=11 and y=16 (next to gt's rows);
  // right column x=19: none (2 from gt's x=17).
  assert.equal(tight.predictedMatched, 7 + 7 + 2);
  assert.equal(tight.truthMatched, 7 + 7 + 2);
  const score = boundaryFScore(tight);
  assert.ok(score.f < 1 && score.f > 0.5, `f ${score.f}`);
  assert.deepEqual(boundaryFScore({ predicted: 0, predictedMatched: 0, truth: 0, truthMatched: 0 }), { precision: 1, recall: 1, f: 1 });
  assert.equal(boundaryFScore({ predicted: 0, predictedMatched: 0, truth: 5, truthMatched: 0 }).f, 0);
});

test('void pixels count on neither side', () => {
  const gt = square(20, 20, 5, 5, 6);
  const pred = square(20, 20, 5, 5, 6);
  pred[2 * 20 + 2] = 1; // a stray pixel far from the truth
  const valid = new Uint8Array(400).fill(1);
  assert.ok(boundaryFScore(boundaryCounts(pred, gt, 20, 20, 1)).precision < 1);
  valid[2 * 20 + 2] = 0;
  assert.equal(boundaryFScore(boundaryCounts(pred, gt, 20, 20, 1, valid)).precision, 1);
});
