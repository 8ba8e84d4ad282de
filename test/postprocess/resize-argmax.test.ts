/**
 * The fused WebAssembly resize + argmax + confidence (wasmResizeArgmax, taken by scoresToLabels for scores at
 * another size than the image) against the JS reference: resizeScores' float32 volume, argmax with ties to the lower
 * class, softmax in float64. Labels must be identical at every pixel, ties included; confidence within 1e-5.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClassInfo } from '../../src/core/types.js';
import { outputSpecSchema, type OutputSpec } from '../../src/models/card-schema.js';
import { resizeScores } from '../../src/postprocess/resize-scores.js';
import { scoresToLabels } from '../../src/postprocess/scores-to-labels.js';
import { kernelMemoryBytes } from '../../src/postprocess/wasm-argmax.js';
import type { InputPlan } from '../../src/preprocess/plan.js';

const classes = (n: number): ClassInfo[] => Array.from({ length: n }, (_, id) => ({ id, name: `c${id}`, color: [id % 256, 0, 0] }));

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Case {
  C: number;
  h: number;
  w: number;
  plan: InputPlan;
  spec: OutputSpec;
  /** Scores: small integers make exact ties frequent after interpolation; otherwise smooth floats. */
  integers: boolean;
}

function reference(data: Float32Array, c: Case): { labels: number[]; confidence: number[] } {
  const dims = c.spec.layout === 'NCHW' ? [1, c.C, c.h, c.w] : [1, c.h, c.w, c.C];
  const volume = resizeScores({ type: 'float32', data, dims }, c.plan, c.spec);
  const n = volume.width * volume.height;
  const labels: number[] = [];
  const confidence: number[] = [];
  for (let p = 0; p < n; p++) {
    let best = 0;
    for (let k = 1; k < c.C; k++) if (volume.data[k * n + p] > volume.data[best * n + p]) best = k;
    const max = volume.data[best * n + p];
    labels.push(best);
    if (c.spec.kind === 'probabilities') {
      confidence.push(max);
    } else {
      let sum = 0;
      for (let k = 0; k < c.C; k++) sum += Math.exp(volume.data[k * n + p] - max);
      confidence.push(1 / sum);
    }
  }
  return { labels, confidence };
}

function cases(): Case[] {
  const out: Case[] = [];
  const rnd = random(7);
  const plans: Array<[number, number, number, number, InputPlan]> = [
    // [C, h, w, (unused), plan]: 1/8 of a 2:1 image, 1/4 with odd sizes, a padded content window, upsampling x3
    [11, 16, 32, 0, { imageWidth: 256, imageHeight: 128, inputWidth: 256, inputHeight: 128, contentX: 0, contentY: 0, contentWidth: 256, contentHeight: 128 }],
    [19, 31, 23, 0, { imageWidth: 93, imageHeight: 121, inputWidth: 92, inputHeight: 124, contentX: 0, contentY: 0, contentWidth: 92, contentHeight: 124 }],
    [3, 16, 16, 0, { imageWidth: 61, imageHeight: 47, inputWidth: 64, inputHeight: 64, contentX: 2, contentY: 8, contentWidth: 61, contentHeight: 47 }],
    [2, 5, 7, 0, { imageWidth: 21, imageHeight: 15, inputWidth: 7, inputHeight: 5, contentX: 0, contentY: 0, contentWidth: 7, contentHeight: 5 }],
    [300, 4, 6, 0, { imageWidth: 17, imageHeight: 9, inputWidth: 24, inputHeight: 16, contentX: 0, contentY: 0, contentWidth: 24, contentHeight: 16 }],
  ];
  for (const [C, h, w, , plan] of plans) {
    for (const layout of ['NCHW', 'NHWC'] as const) {
      for (const alignCorners of [false, true]) {
        for (const kind of ['logits', 'probabilities'] as const) {
          out.push({ C, h, w, plan, spec: outputSpecSchema.parse({ layout, alignCorners, kind }), integers: rnd() < 0.5 });
        }
      }
    }
  }
  return out;
}

test('fused WebAssembly resize + argmax gives the JS reference labels at every pixel (ties too) and its confidence within 1e-5', () => {
  const rnd = random(11);
  let pixels = 0;
  for (const c of cases()) {
    const data = Float32Array.from({ length: c.C * c.h * c.w }, () => (c.integers ? Math.floor(rnd() * 4) : (rnd() - 0.5) * 12));
    if (c.spec.kind === 'probabilities') for (let i = 0; i < data.length; i++) data[i] = Math.abs(data[i]) / 6;
    const dims = c.spec.layout === 'NCHW' ? [1, c.C, c.h, c.w] : [1, c.h, c.w, c.C];
    const map = scoresToLabels({ type: 'float32', data, dims }, c.plan, c.spec, classes(c.C));
    const expected = reference(data, c);
    const where = `${c.C} classes ${c.w}x${c.h} -> ${c.plan.imageWidth}x${c.plan.imageHeight} ${c.spec.layout} align ${c.spec.alignCorners} ${c.spec.kind}`;
    assert.deepEqual(Array.from(map.labels), expected.labels, where);
    const worst = expected.confidence.reduce((m, v, i) => Math.max(m, Math.abs(v - map.confidence![i])), 0);
    assert.ok(worst < 1e-5, `${where}: confidence off by ${worst}`);
    const bare = scoresToLabels({ type: 'float32', data, dims }, c.plan, c.spec, classes(c.C), { confidence: false });
    assert.deepEqual(Array.from(bare.labels), expected.labels, `${where}, without confidence`);
    pixels += map.labels.length;
  }
  assert.ok(pixels > 100_000);
  assert.ok(kernelMemoryBytes() > 0, 'the WebAssembly kernel ran');
});

test('asking for the mean entropy takes the JS loop and gives the same labels', () => {
  const c = cases()[0];
  const rnd = random(3);
  const data = Float32Array.from({ length: c.C * c.h * c.w }, () => (rnd() - 0.5) * 8);
  const tensor = () => ({ type: 'float32' as const, data, dims: [1, c.C, c.h, c.w] });
  const fused = scoresToLabels(tensor(), c.plan, c.spec, classes(c.C));
  const withEntropy = scoresToLabels(tensor(), c.plan, c.spec, classes(c.C), { entropy: true });
  assert.deepEqual(Array.from(withEntropy.labels), Array.from(fused.labels));
  assert.ok(withEntropy.meanEntropy! > 0 && withEntropy.meanEntropy! < 1);
});
