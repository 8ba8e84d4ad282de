import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summaryTable } from '../../src/cli/predict-summary.js';
import type { PredictItemResult } from '../../src/cli/predict-batch.js';

const item = (pixels: number[], confidence: (number | null)[]): PredictItemResult => ({
  file: 'x.png',
  ok: true,
  width: 2,
  height: 2,
  milliseconds: 1,
  stats: pixels.map((p, id) => ({ id, name: `c${id}`, pixels: p, share: p / 4, meanConfidence: confidence[id] })),
});

test('the mean confidence of a class does not depend on the order of the images', () => {
  const without = item([4, 0], [0.9, null]);
  const withClass = item([2, 2], [0.8, 0.6]);
  const a = summaryTable([without, withClass]);
  const b = summaryTable([withClass, without]);
  assert.equal(a, b);
  assert.match(a, /c1\s+│?\s*25\.00 %\s+│?\s*0\.600/);
  assert.doesNotMatch(a.split('\n').find((l) => l.includes('c1'))!, / - /);
});
