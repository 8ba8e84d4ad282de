import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segment } from '../../src/inference/segment.js';
import { slideRows } from '../../src/inference/slide.js';
import { runScores } from '../../src/inference/score-grid.js';
import type { BlendMode } from '../../src/inference/blend.js';
import { windowStarts } from '../../src/inference/window-plan.js';
import { collectRows, constantImage, fixtureModel, imageSource, randomImage } from './helpers.js';

const crop = { width: 32, height: 24 };
const stride = { width: 20, height: 15 };

function maxDifference(a: Float32Array, b: Float32Array, include: (i: number) => boolean = () => true): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) if (include(i)) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

test('uniform slide equals whole everywhere with a pointwise model (logits and labels)', async () => {
  const model = await fixtureModel('pointwise');
  try {
    const image = randomImage(97, 61, 3);
    const whole = await runScores(model, image);
    const slid = await collectRows(slideRows(model, imageSource(image), { crop, stride, blend: 'uniform' }));
    assert.ok(maxDifference(whole.scores, slid) < 1e-5);
    const a = await segment(model, image, { mode: 'whole' });
    const b = await segment(model, image, { mode: 'slide', crop, stride });
    assert.deepEqual(b.labels, a.labels);
    assert.ok(maxDifference(a.confidence!, b.confidence!) < 1e-5);
  } finally {
    await model.dispose();
  }
});

test('uniform slide equals whole with a 3x3 model wherever every window sees the full neighbourhood', async () => {
  const model = await fixtureModel('conv3');
  try {
    const [W, H] = [97, 61];
    const image = randomImage(W, H, 5);
    const whole = await runScores(model, image);
    const slid = await collectRows(slideRows(model, imageSource(image), { crop, stride, blend: 'uniform' }));
    const xs = windowStarts(W, crop.width, stride.width);
    const ys = windowStarts(H, crop.height, stride.height);
    // inside every covering window by one pixel, or on a window edge that is also the image edge (same zero padding)
    const inside = (p: number, starts: number[], size: number, len: number) =>
      starts.filter((s) => p >= s && p < s + len).every((s) => (p > s || s === 0) && (p < s + len - 1 || s + len === size));
    const interior = (i: number) => {
      const p = i % (W * H);
      return inside(p % W, xs, W, crop.width) && inside(Math.floor(p / W), ys, H, crop.height);
    };
    const checked = Array.from({ length: W * H }, (_, p) => p).filter(interior).length;
    assert.ok(checked > W * H * 0.5, `only ${checked} pixels checked`);
    assert.ok(maxDifference(whole.scores, slid, interior) < 1e-5);
    assert.ok(maxDifference(whole.scores, slid) > 1e-3, 'window borders should differ (zero padding)');
  } finally {
    await model.dispose();
  }
});

test('an image smaller than the crop is one smaller window: same as whole', async () => {
  const model = await fixtureModel('conv3');
  try {
    const image = randomImage(20, 13, 9);
    const whole = await runScores(model, image);
    const slid = await collectRows(slideRows(model, imageSource(image), { crop: { width: 64, height: 64 }, stride: { width: 40, height: 40 }, blend: 'gaussian' }));
    assert.ok(maxDifference(whole.scores, slid) < 1e-5);
  } finally {
    await model.dispose();
  }
});

test('weighted blending leaves no seam on a constant image, and weighs window edges down', async () => {
  const pointwise = await fixtureModel('pointwise');
  const conv3 = await fixtureModel('conv3');
  try {
    const flat = constantImage(97, 61, [40, 180, 90]);
    const reference = await runScores(pointwise, constantImage(1, 1, [40, 180, 90]));
    for (const blend of ['gaussian', 'cosine'] as BlendMode[]) {
      const slid = await collectRows(slideRows(pointwise, imageSource(flat), { crop, stride, blend }));
      const plane = 97 * 61;
      let worst = 0;
      for (let i = 0; i < slid.length; i++) worst = Math.max(worst, Math.abs(slid[i] - reference.scores[Math.floor(i / plane)]));
      assert.ok(worst < 1e-5, `${blend}: seam of ${worst}`);
    }
    const image = randomImage(97, 61, 7);
    const whole = await runScores(conv3, image);
    const error = async (blend: BlendMode) => maxDifference(whole.scores, await collectRows(slideRows(conv3, imageSource(image), { crop, stride, blend })));
    const uniform = await error('uniform');
    assert.ok((await error('gaussian')) < uniform / 2);
    assert.ok((await error('cosine')) < uniform / 2);
  } finally {
    await Promise.all([pointwise.dispose(), conv3.dispose()]);
  }
});
