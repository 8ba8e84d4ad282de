import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entropySum, flipEntropySum } from '../../src/postprocess/entropy.js';
import { scoresToLabels } from '../../src/postprocess/scores-to-labels.js';
import { resizeScores } from '../../src/postprocess/resize-scores.js';
import { outputSpecSchema } from '../../src/models/card-schema.js';
import type { ClassInfo } from '../../src/core/types.js';
import type { InputPlan } from '../../src/preprocess/plan.js';
import { entropyOf, meanEntropyOfPlanes, pixelScores, softmax } from '../helpers/entropy.js';

/** Seeded scores in [-spread, spread]. */
function scores(length: number, seed: number, spread = 8): Float32Array {
  let s = seed >>> 0 || 1;
  return Float32Array.from({ length }, () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (((s >>> 0) / 2 ** 32) * 2 - 1) * spread;
  });
}

function probabilities(C: number, n: number, seed: number): Float32Array {
  const raw = scores(C * n, seed);
  const out = new Float32Array(C * n);
  for (let p = 0; p < n; p++) softmax(pixelScores(raw, C, n, p)).forEach((v, c) => (out[c * n + p] = v));
  return out;
}

const classes = (n: number): ClassInfo[] => Array.from({ length: n }, (_, id) => ({ id, name: `c${id}`, color: [id, id, id] }));
const plan = (w: number, h: number, inW = w, inH = h): InputPlan => ({
  imageWidth: w, imageHeight: h, inputWidth: inW, inputHeight: inH, contentX: 0, contentY: 0, contentWidth: inW, contentHeight: inH,
});

test('entropySum of logits and probabilities equals the direct computation (0 for certain, 1 for uniform pixels)', () => {
  for (const [C, n] of [[2, 50], [5, 37], [19, 64]]) {
    const logits = scores(C * n, C * 100 + n);
    assert.ok(Math.abs(entropySum(logits, C, n, 'logits') / n - meanEntropyOfPlanes(logits, C, n, 'logits')) < 1e-5, `logits C=${C}`);
    const probs = probabilities(C, n, C + n);
    assert.ok(Math.abs(entropySum(probs, C, n, 'probabilities') / n - meanEntropyOfPlanes(probs, C, n, 'probabilities')) < 1e-6, `probabilities C=${C}`);
  }
  assert.ok(Math.abs(entropySum(new Float32Array(4), 4, 1, 'logits') - 1) < 1e-6, 'equal logits: uniform');
  assert.ok(entropySum(Float32Array.from([0, 40, 0]), 3, 1, 'logits') < 1e-6, 'one logit far ahead: certain');
  assert.equal(entropySum(Float32Array.from([0, 1, 0]), 3, 1, 'probabilities'), 0);
  // probabilities that do not sum to 1 are normalised: [0.2, 0.2] is uniform
  assert.ok(Math.abs(entropySum(Float32Array.from([0.2, 0.2]), 2, 1, 'probabilities') - 1) < 1e-6);
});

test('one channel is binary: entropy of p and 1 - p over ln 2', () => {
  const p = Float32Array.from([0.5, 0.9, 0, 1]);
  const expected = [1, entropyOf([0.9, 0.1]), 0, 0].reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(entropySum(p, 1, 4, 'probabilities') - expected) < 1e-6);
  const logit = Float32Array.from([Math.log(9)]);
  assert.ok(Math.abs(entropySum(logit, 1, 1, 'logits') - entropyOf([0.9, 0.1])) < 1e-6);
});

test('flipEntropySum is the entropy of the average of both runs, the mirror run read mirrored', () => {
  const [C, W, H] = [4, 7, 3];
  const n = W * H;
  for (const softmaxed of [true, false]) {
    const a = softmaxed ? scores(C * n, 3) : probabilities(C, n, 3);
    const b = softmaxed ? scores(C * n, 4) : probabilities(C, n, 4);
    let direct = 0;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const pa = pixelScores(a, C, n, y * W + x);
        const pb = pixelScores(b, C, n, y * W + W - 1 - x);
        const qa = softmaxed ? softmax(pa) : pa;
        const qb = softmaxed ? softmax(pb) : pb;
        direct += entropyOf(qa.map((v, c) => (v + qb[c]) / 2));
      }
    }
    const fast = flipEntropySum(a, b, C, W, H, softmaxed, new Float64Array(2 * C));
    assert.ok(Math.abs(fast - direct) < 1e-4, `softmax ${softmaxed}: ${fast} vs ${direct}`);
  }
});

test('scoresToLabels gives meanEntropy only when asked, on the plane path and the resize path alike', () => {
  const [C, w, h] = [5, 9, 6];
  const data = scores(C * w * h, 42);
  const spec = outputSpecSchema.parse({});
  const tensor = { type: 'float32' as const, data, dims: [1, C, h, w] };
  assert.equal(scoresToLabels(tensor, plan(w, h), spec, classes(C)).meanEntropy, undefined);
  const same = scoresToLabels(tensor, plan(w, h), spec, classes(C), { entropy: true });
  assert.ok(Math.abs(same.meanEntropy! - meanEntropyOfPlanes(data, C, w * h, 'logits')) < 1e-5);
  // the model answered at 9x6 for a 20x13 image: entropy of the bilinearly resized logits
  const big = plan(20, 13, w, h);
  const resized = resizeScores(tensor, big, spec);
  const map = scoresToLabels(tensor, big, spec, classes(C), { entropy: true, confidence: false });
  assert.ok(Math.abs(map.meanEntropy! - meanEntropyOfPlanes(resized.data, C, 20 * 13, 'logits')) < 1e-5);
  assert.equal(map.confidence, undefined);
});
