import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { segment } from '../../src/inference/segment.js';
import { resolveInference } from '../../src/inference/options.js';
import { resizeBilinearHwc } from '../../src/preprocess/resize.js';
import type { RasterImage } from '../../src/core/types.js';
import { fixtureModel, inferenceFixtures, randomImage } from './helpers.js';

const weights = JSON.parse(readFileSync(join(inferenceFixtures, 'weights.json'), 'utf8')).pointwise as { weight: number[][]; bias: number[] };

/** The pointwise fixture by hand: logits (HWC) = W * rgb / 255 + b. */
function pointwiseLogits(pixels: ArrayLike<number>, n: number): Float32Array {
  const C = weights.bias.length;
  const out = new Float32Array(n * C);
  for (let p = 0; p < n; p++) {
    for (let c = 0; c < C; c++) {
      const w = weights.weight[c];
      out[p * C + c] = (w[0] * pixels[p * 3] + w[1] * pixels[p * 3 + 1] + w[2] * pixels[p * 3 + 2]) / 255 + weights.bias[c];
    }
  }
  return out;
}

/** Averaged softmax over scales (and mirrored copies), computed directly from the definition. */
function handTta(image: RasterImage, scales: number[], flip: boolean): { labels: number[]; confidence: number[] } {
  const { width: W, height: H } = image;
  const C = weights.bias.length;
  const sum = new Float64Array(W * H * C);
  let count = 0;
  for (const s of scales) {
    const w = Math.floor(W * s + 0.5);
    const h = Math.floor(H * s + 0.5);
    for (const mirrored of flip ? [false, true] : [false]) {
      const scaled = resizeBilinearHwc(image.data, W, H, 3, w, h);
      if (mirrored) mirror(scaled, w, h, 3);
      const logits = pointwiseLogits(scaled, w * h);
      if (mirrored) mirror(logits, w, h, C);
      const back = resizeBilinearHwc(logits, w, h, C, W, H);
      for (let p = 0; p < W * H; p++) {
        const row = back.subarray(p * C, (p + 1) * C);
        const max = Math.max(...row);
        const total = row.reduce((t, v) => t + Math.exp(v - max), 0);
        for (let c = 0; c < C; c++) sum[p * C + c] += Math.exp(row[c] - max) / total;
      }
      count++;
    }
  }
  const labels: number[] = [];
  const confidence: number[] = [];
  for (let p = 0; p < W * H; p++) {
    const row = Array.from(sum.subarray(p * C, (p + 1) * C), (v) => v / count);
    const best = row.indexOf(Math.max(...row));
    labels.push(best);
    confidence.push(row[best]);
  }
  return { labels, confidence };
}

function mirror(data: Float32Array, w: number, h: number, c: number): void {
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w >> 1; x++) {
      for (let k = 0; k < c; k++) {
        const a = (y * w + x) * c + k;
        const b = (y * w + (w - 1 - x)) * c + k;
        [data[a], data[b]] = [data[b], data[a]];
      }
    }
  }
}

function assertClose(actual: Float32Array, expected: number[], tolerance: number, what: string): void {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  assert.ok(worst < tolerance, `${what}: off by ${worst}`);
}

test('TTA flip on a left-right symmetric model equals no TTA (whole and slide)', async () => {
  const model = await fixtureModel('symmetric', 2);
  try {
    // 56 = 24 + 2 x 16: the window columns are mirror images of each other, so flipping the image flips the plan
    const image = randomImage(56, 37, 21);
    const plain = await segment(model, image, { mode: 'whole' });
    const windows = { crop: { width: 24, height: 20 }, stride: { width: 16, height: 12 } };
    for (const options of [{ mode: 'whole' as const }, { mode: 'slide' as const, ...windows, blend: 'gaussian' as const }]) {
      const reference = options.mode === 'whole' ? plain : await segment(model, image, options);
      const flipped = await segment(model, image, { ...options, tta: { flip: true } });
      assert.deepEqual(flipped.labels, reference.labels, `labels, ${options.mode}`);
      assertClose(flipped.confidence!, Array.from(reference.confidence!), 1e-5, `confidence, ${options.mode}`);
    }
  } finally {
    await model.dispose();
  }
});

test('multi-scale TTA averages softmax probabilities as computed by hand (whole and slide)', async () => {
  const model = await fixtureModel('pointwise', 2);
  try {
    const image = randomImage(41, 29, 8);
    const scales = [0.5, 1, 1.75];
    const expected = handTta(image, scales, true);
    const windows = { crop: { width: 16, height: 16 }, stride: { width: 10, height: 12 } };
    for (const options of [{ mode: 'whole' as const }, { mode: 'slide' as const, ...windows }]) {
      const map = await segment(model, image, { ...options, tta: { flip: true, scales } });
      assert.deepEqual(Array.from(map.labels), expected.labels, `labels, ${options.mode}`);
      assertClose(map.confidence!, expected.confidence, 2e-5, `confidence, ${options.mode}`);
    }
  } finally {
    await model.dispose();
  }
});

test('augmentations are listed scale by scale, unflipped then flipped; options are checked', () => {
  const card = { input: { size: { mode: 'dynamic', multipleOf: 1 } }, inference: { wholeMaxPixels: 100 } } as never;
  assert.deepEqual(resolveInference(card, 10, 10, { tta: { flip: true, scales: [0.5, 1] } }).augmentations, [
    { scale: 0.5, flip: false }, { scale: 0.5, flip: true }, { scale: 1, flip: false }, { scale: 1, flip: true },
  ]);
  assert.equal(resolveInference(card, 10, 10, {}).augmentations, undefined);
  assert.equal(resolveInference(card, 10, 10, {}).mode, 'whole');
  const auto = resolveInference(card, 11, 10, {});
  assert.equal(auto.mode, 'slide');
  assert.match(auto.reason, /above the model's whole-image limit of 100 pixels/);
  assert.throws(() => resolveInference(card, 10, 10, { tta: { scales: [] } }), /tta.scales/);
  assert.throws(() => resolveInference(card, 10, 10, { crop: { width: 8, height: 8 }, stride: { width: 9, height: 4 } }), /stride/);
  assert.throws(() => resolveInference(card, 10, 10, { mode: 'whole' }, true), /region by region/);
});

test("the card's default augmentation applies unless the caller overrides it; none turns it off", async () => {
  const card = { input: { size: { mode: 'dynamic', multipleOf: 1 } }, inference: { wholeMaxPixels: 100, tta: { flip: true } } } as never;
  assert.deepEqual(resolveInference(card, 10, 10, {}).augmentations, [{ scale: 1, flip: false }, { scale: 1, flip: true }]);
  assert.deepEqual(resolveInference(card, 10, 10, { tta: { scales: [2] } }).augmentations, [{ scale: 2, flip: false }]);
  assert.equal(resolveInference(card, 10, 10, { tta: {} }).augmentations, undefined);
  const { parseTta } = await import('../../src/cli/inference-flags.js');
  assert.deepEqual(parseTta('none'), {});
});
