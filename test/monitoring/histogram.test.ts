import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binIndex, binShares, quantileEdges, referenceHistogram } from '../../src/monitoring/histogram.js';

test('quantile edges: the ceil(k m / B)-th smallest values; every bin of a spread reference gets 1 / B', () => {
  const values = [10, 3, 8, 1, 5, 7, 2, 9, 4, 6];
  assert.deepEqual(quantileEdges(values, 5), [2, 4, 6, 8]);
  assert.deepEqual(binShares([2, 4, 6, 8], values), [0.2, 0.2, 0.2, 0.2, 0.2]);
  const h = referenceHistogram(values, 5);
  assert.deepEqual(h, { edges: [2, 4, 6, 8], proportions: [0.2, 0.2, 0.2, 0.2, 0.2], mean: 5.5 });
});

test('bins are closed on the right: a value on an edge falls in the lower bin', () => {
  const edges = [0, 0.5, 1];
  assert.deepEqual([-1, 0, 1e-9, 0.5, 0.75, 1, 2].map((v) => binIndex(edges, v)), [0, 0, 1, 1, 2, 2, 3]);
  assert.equal(binIndex([], 42), 0);
});

test('repeated values merge bins: zeros of a class share get a bin of their own', () => {
  const shares = [0, 0, 0, 0, 0, 0, 0.1, 0.2, 0.3, 0.4];
  const h = referenceHistogram(shares, 5);
  assert.deepEqual(h.edges, [0, 0.2]);
  assert.deepEqual(h.proportions, [0.6, 0.2, 0.2]);
  // a class the reference never shows: one edge at 0 and an empty bin for any later share above it
  assert.deepEqual(referenceHistogram([0, 0, 0, 0], 10), { edges: [0], proportions: [1, 0], mean: 0 });
  assert.deepEqual(referenceHistogram([0.7], 10), { edges: [0.7], proportions: [1, 0], mean: 0.7 });
});

test('a histogram never has more bins than asked, and its shares sum to 1', () => {
  let s = 5;
  const values = Array.from({ length: 333 }, () => ((s = (s * 16807) % 2147483647) / 2147483647) ** 3);
  for (const bins of [2, 3, 10, 50]) {
    const h = referenceHistogram(values, bins);
    assert.ok(h.proportions.length <= bins);
    assert.ok(Math.abs(h.proportions.reduce((a, b) => a + b, 0) - 1) < 1e-12);
    h.proportions.forEach((p) => assert.ok(Math.abs(p - 1 / bins) <= 1 / 333 + 1e-12, `bins ${bins}: ${p}`));
  }
});
