import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { outputSpecSchema } from '../../src/models/card-schema.js';
import { resizeScores } from '../../src/postprocess/resize-scores.js';
import { scoresToLabels } from '../../src/postprocess/scores-to-labels.js';
import type { InputPlan } from '../../src/preprocess/plan.js';
import { fixturesDir } from '../helpers/paths.js';

interface ResizeCase { in: number[]; inDims: number[]; outDims: number[]; alignCorners: boolean; out?: number[]; labels: number[] }
const fixture = JSON.parse(readFileSync(join(fixturesDir, 'numerics', 'resize-torch.json'), 'utf8')) as { cases: ResizeCase[] };
const plan = (w: number, h: number, inW = w, inH = h): InputPlan => ({
  imageWidth: w, imageHeight: h, inputWidth: inW, inputHeight: inH, contentX: 0, contentY: 0, contentWidth: inW, contentHeight: inH,
});
const classes = (n: number) => Array.from({ length: n }, (_, id) => ({ id, name: `c${id}`, color: [id, id, id] as [number, number, number] }));

test('resizeScores equals torch F.interpolate(bilinear) for both align_corners conventions', () => {
  const withValues = fixture.cases.filter((c) => c.out);
  assert.ok(withValues.length >= 4);
  for (const c of withValues) {
    const [, C, h, w] = c.inDims;
    const [, , oh, ow] = c.outDims;
    const volume = resizeScores({ type: 'float32', data: Float32Array.from(c.in), dims: [1, C, h, w] }, plan(ow, oh), outputSpecSchema.parse({ alignCorners: c.alignCorners }));
    assert.deepEqual([volume.channels, volume.height, volume.width], [C, oh, ow]);
    const worst = c.out!.reduce((m, v, i) => Math.max(m, Math.abs(v - volume.data[i])), 0);
    assert.ok(worst < 1e-6, `${h}x${w} -> ${oh}x${ow}: off by ${worst}`);
  }
});

test('resizeScores and scoresToLabels read NHWC scores and content windows the same way', () => {
  const nhwc = Float32Array.from({ length: 4 * 3 * 2 }, (_, i) => Math.sin(i * 1.7));
  const spec = outputSpecSchema.parse({ layout: 'NHWC' });
  const padded: InputPlan = { ...plan(5, 4, 8, 6), contentWidth: 5, contentHeight: 4 };
  const tensor = () => ({ type: 'float32' as const, data: nhwc.slice(), dims: [1, 3, 4, 2] });
  const volume = resizeScores(tensor(), padded, spec);
  const map = scoresToLabels(tensor(), padded, spec, classes(2), { confidence: false });
  const n = 5 * 4;
  for (let p = 0; p < n; p++) assert.equal(map.labels[p], volume.data[n + p] > volume.data[p] ? 1 : 0);
});

test('resizeScores refuses label outputs', () => {
  const ids = { type: 'int32' as const, data: Int32Array.from([0, 1]), dims: [1, 1, 2] };
  assert.throws(() => resizeScores(ids, plan(2, 1), outputSpecSchema.parse({ kind: 'labels' })), /score output/);
});
