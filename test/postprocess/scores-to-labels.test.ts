import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scoresToLabels } from '../../src/postprocess/scores-to-labels.js';
import { outputSpecSchema } from '../../src/models/card-schema.js';
import type { ClassInfo } from '../../src/core/types.js';
import type { InputPlan } from '../../src/preprocess/plan.js';
import { fixturesDir } from '../helpers/paths.js';

const classes = (n: number): ClassInfo[] => Array.from({ length: n }, (_, id) => ({ id, name: `c${id}`, color: [id, id, id] }));
const plan = (w: number, h: number, inW = w, inH = h): InputPlan => ({
  imageWidth: w, imageHeight: h, inputWidth: inW, inputHeight: inH, contentX: 0, contentY: 0, contentWidth: inW, contentHeight: inH,
});

interface ResizeCase { in: number[]; inDims: number[]; outDims: number[]; alignCorners: boolean; labels: number[]; confidence: number[] }
const fixture = JSON.parse(readFileSync(join(fixturesDir, 'numerics', 'resize-torch.json'), 'utf8')) as { cases: ResizeCase[] };

test('logits resized back match torch interpolate + argmax + softmax (align_corners false and true)', () => {
  for (const c of fixture.cases) {
    const [, C, h, w] = c.inDims;
    const [, , oh, ow] = c.outDims;
    const spec = outputSpecSchema.parse({ alignCorners: c.alignCorners });
    // the model saw an input of the output size and answered at (h, w): the plan maps it back to (oh, ow)
    const map = scoresToLabels({ type: 'float32', data: Float32Array.from(c.in), dims: [1, C, h, w] }, plan(ow, oh), spec, classes(C));
    assert.deepEqual(Array.from(map.labels), c.labels, `labels ${h}x${w} -> ${oh}x${ow} align ${c.alignCorners}`);
    const worst = c.confidence.reduce((m, v, i) => Math.max(m, Math.abs(v - map.confidence![i])), 0);
    assert.ok(worst < 1e-5, `confidence off by ${worst}`);
  }
});

test('NHWC scores give the same labels as NCHW', () => {
  const nchw = Float32Array.from([0, 1, 1, 0, 5, 0]); // 2 classes x (1x3)
  const nhwc = Float32Array.from([0, 0, 1, 5, 1, 0]);
  const a = scoresToLabels({ type: 'float32', data: nchw, dims: [1, 2, 1, 3] }, plan(3, 1), outputSpecSchema.parse({}), classes(2));
  const b = scoresToLabels({ type: 'float32', data: nhwc, dims: [1, 1, 3, 2] }, plan(3, 1), outputSpecSchema.parse({ layout: 'NHWC' }), classes(2));
  assert.deepEqual(Array.from(a.labels), [0, 1, 0]);
  assert.deepEqual(Array.from(b.labels), [0, 1, 0]);
});

test('confidence is the softmax of the chosen class; probabilities are taken as they are', () => {
  const logits = { type: 'float32' as const, data: Float32Array.from([Math.log(3), 0]), dims: [1, 2, 1, 1] };
  const map = scoresToLabels(logits, plan(1, 1), outputSpecSchema.parse({}), classes(2));
  assert.ok(Math.abs(map.confidence![0] - 0.75) < 1e-6);
  const probs = { type: 'float32' as const, data: Float32Array.from([0.2, 0.8]), dims: [1, 2, 1, 1] };
  const p = scoresToLabels(probs, plan(1, 1), outputSpecSchema.parse({ kind: 'probabilities' }), classes(2));
  assert.equal(p.labels[0], 1);
  assert.ok(Math.abs(p.confidence![0] - 0.8) < 1e-6);
});

test('one probability channel is a binary model: foreground above 0.5', () => {
  const probs = { type: 'float32' as const, data: Float32Array.from([0.1, 0.7]), dims: [1, 1, 1, 2] };
  const map = scoresToLabels(probs, plan(2, 1), outputSpecSchema.parse({ kind: 'probabilities' }), classes(2));
  assert.deepEqual(Array.from(map.labels), [0, 1]);
  assert.deepEqual(Array.from(map.confidence!).map((v) => +v.toFixed(5)), [0.9, 0.7]);
});

test('label outputs are sampled nearest-neighbour; out-of-range ids are rejected', () => {
  const ids = { type: 'int32' as const, data: Int32Array.from([0, 2]), dims: [1, 1, 2] };
  const map = scoresToLabels(ids, plan(4, 1, 2, 1), outputSpecSchema.parse({ kind: 'labels' }), classes(3));
  assert.deepEqual(Array.from(map.labels), [0, 0, 2, 2]);
  const bad = { type: 'int32' as const, data: Int32Array.from([0, 9]), dims: [1, 1, 2] };
  assert.throws(() => scoresToLabels(bad, plan(2, 1), outputSpecSchema.parse({ kind: 'labels' }), classes(3)), /class ids 0\.\.2/);
});

test('a channel count that differs from the classes is a MODEL_MISMATCH', () => {
  const logits = { type: 'float32' as const, data: new Float32Array(3), dims: [1, 3, 1, 1] };
  assert.throws(() => scoresToLabels(logits, plan(1, 1), outputSpecSchema.parse({}), classes(2)), (e: Error & { code?: string }) => e.code === 'MODEL_MISMATCH');
});

test('more than 256 classes give 16-bit labels', () => {
  const n = 300;
  const data = new Float32Array(n);
  data[299] = 1;
  const map = scoresToLabels({ type: 'float32', data, dims: [1, n, 1, 1] }, plan(1, 1), outputSpecSchema.parse({}), classes(n));
  assert.ok(map.labels instanceof Uint16Array);
  assert.equal(map.labels[0], 299);
});

test('the WebAssembly SIMD argmax agrees with the JS loop: same labels, confidence within 1e-6', async () => {
  const { planeArgmax } = await import('../../src/postprocess/scores-to-labels.js');
  const { wasmPlaneArgmax } = await import('../../src/postprocess/wasm-argmax.js');
  let seed = 1;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 24 - 12;
  for (const [C, n] of [[11, 1001], [3, 4096], [19, 37]]) {
    const data = Float32Array.from({ length: C * n }, random);
    for (const softmax of [true, false]) {
      const a = { labels: new Uint8Array(n), confidence: new Float32Array(n) };
      const b = { labels: new Uint8Array(n), confidence: new Float32Array(n) };
      planeArgmax(data, C, n, a.labels, a.confidence, softmax);
      assert.equal(wasmPlaneArgmax(data, C, n, b.labels, b.confidence, softmax), true, 'WebAssembly SIMD is available in Node 20');
      assert.deepEqual(b.labels, a.labels);
      const worst = a.confidence.reduce((m, v, i) => Math.max(m, Math.abs(v - b.confidence[i])), 0);
      assert.ok(worst < 1e-6, `confidence differs by ${worst} (C ${C}, n ${n}, softmax ${softmax})`);
    }
  }
});
