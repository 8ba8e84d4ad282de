import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { planInput, scaleShortestEdge } from '../../src/preprocess/plan.js';
import { resizePilBilinearHwc } from '../../src/preprocess/resize-pil.js';
import { inputSpecSchema } from '../../src/models/card-schema.js';
import { fixturesDir } from '../helpers/paths.js';

interface PilCase { width: number; height: number; data: number[] }
const fixture = JSON.parse(readFileSync(join(fixturesDir, 'numerics', 'resize-pil.json'), 'utf8')) as { source: PilCase; cases: PilCase[] };

test('pil-bilinear matches Pillow Image.resize(BILINEAR) byte for byte, shrinking and enlarging', () => {
  const { source } = fixture;
  const src = Uint8Array.from(source.data);
  for (const c of fixture.cases) {
    const out = resizePilBilinearHwc(src, source.width, source.height, 3, c.width, c.height);
    assert.ok(out instanceof Uint8Array);
    assert.deepEqual(Array.from(out), c.data, `${source.width}x${source.height} -> ${c.width}x${c.height}`);
  }
});

test('pil-bilinear on float samples keeps fractions (Pillow float mode) and leaves the input alone', () => {
  const src = Float32Array.from([0, 1, 2, 3]);
  const out = resizePilBilinearHwc(src, 4, 1, 1, 2, 1);
  // Pillow, mode "F": [0.71428573, 2.2857144] (the triangle spans two source pixels each side when halving)
  assert.deepEqual(Array.from(out, (v) => +v.toFixed(6)), [0.714286, 2.285714]);
  assert.deepEqual(Array.from(src), [0, 1, 2, 3]);
});

test('shortestEdge scales the shorter side and truncates the longer one, like torchvision and HF', () => {
  assert.deepEqual(scaleShortestEdge(480, 360, 256), [341, 256]);
  assert.deepEqual(scaleShortestEdge(389, 457, 256), [256, 300]);
  const spec = inputSpecSchema.parse({ size: { mode: 'dynamic', multipleOf: 32, shortestEdge: 256 } });
  assert.deepEqual(planInput(479, 361, spec), {
    imageWidth: 479, imageHeight: 361, inputWidth: 352, inputHeight: 256, contentX: 0, contentY: 0, contentWidth: 339, contentHeight: 256,
  });
});
