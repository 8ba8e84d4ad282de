import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boxMean } from '../../src/background/box-filter.js';
import { featherMatte, foregroundMatte, thresholdMatte } from '../../src/background/matte.js';
import { guidedFilter, guideLuma } from '../../src/background/guided-filter.js';
import { compositeOver, parseHexColor, solidRgb } from '../../src/background/composite.js';
import { argmaxPlanes, softmaxPlanes } from '../../src/inference/probabilities.js';

/** Box mean by definition: the average of the square clipped to the image. */
function naiveBoxMean(src: Float32Array, width: number, height: number, r: number): Float32Array {
  const out = new Float32Array(src.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let count = 0;
      for (let yy = Math.max(0, y - r); yy <= Math.min(height - 1, y + r); yy++) {
        for (let xx = Math.max(0, x - r); xx <= Math.min(width - 1, x + r); xx++) {
          sum += src[yy * width + xx];
          count++;
        }
      }
      out[y * width + x] = sum / count;
    }
  }
  return out;
}

test('boxMean equals the clipped-window average for radii below and above the image size', () => {
  const width = 7;
  const height = 5;
  const src = Float32Array.from({ length: width * height }, (_, i) => ((i * 7919) % 13) / 13);
  for (const r of [1, 2, 4, 9]) {
    const out = new Float32Array(src.length);
    boxMean(src, width, height, r, out, new Float32Array(src.length));
    const want = naiveBoxMean(src, width, height, r);
    for (let i = 0; i < src.length; i++) assert.ok(Math.abs(out[i] - want[i]) < 1e-5, `r=${r} i=${i}: ${out[i]} vs ${want[i]}`);
  }
});

test('the foreground matte sums the named classes; feathering keeps flat regions and centres the edge at 0.5', () => {
  const width = 20;
  const height = 4;
  const n = width * height;
  // Three classes; left half class 0, right half split 0.5/0.5 between classes 1 and 2.
  const data = new Float32Array(3 * n);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (x < 10) data[i] = 1;
      else data[n + i] = data[2 * n + i] = 0.5;
    }
  }
  const matte = foregroundMatte({ data, classes: 3, width, height }, [1, 2]);
  assert.equal(matte[0], 0);
  assert.equal(matte[15], 1);
  const soft = featherMatte(matte, width, height, 4);
  assert.equal(soft[0], 0);
  assert.equal(soft[width - 1], 1);
  // Symmetric about the edge between x = 9 and x = 10.
  for (let d = 0; d < 5; d++) assert.ok(Math.abs(soft[9 - d] + soft[10 + d] - 1) < 1e-6, `d=${d}`);
  assert.ok(soft[9] > 0 && soft[9] < 0.5 && soft[10] > 0.5 && soft[10] < 1);
  assert.deepEqual([...thresholdMatte(soft).subarray(0, width)], [...Array(10).fill(0), ...Array(10).fill(1)]);
  assert.equal(featherMatte(matte, width, height, 0), matte);
});

test('the guided filter keeps a constant matte and pulls a blurred edge back to the guide\'s sharp edge', () => {
  const width = 32;
  const height = 8;
  const n = width * height;
  const guide = new Float32Array(n);
  const blurred = new Float32Array(n);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      guide[y * width + x] = x < 16 ? 0.1 : 0.9;
      blurred[y * width + x] = Math.min(1, Math.max(0, (x - 12) / 8));
    }
  }
  const flat = guidedFilter(guide, new Float32Array(n).fill(0.7), width, height, { radius: 3, epsilon: 1e-3 });
  for (const v of flat) assert.ok(Math.abs(v - 0.7) < 1e-5);
  const refined = guidedFilter(guide, blurred, width, height, { radius: 4, epsilon: 1e-4 });
  // Across the guide's edge (x = 15 | 16) the refined matte jumps; the blurred one rises by one ramp step.
  const jump = (m: Float32Array) => m[16] - m[15];
  assert.ok(jump(blurred) < 0.13);
  assert.ok(jump(refined) > 0.4, `jump ${jump(refined)}`);
  for (const v of refined) assert.ok(v >= 0 && v <= 1);
});

test('guideLuma weighs RGB by BT.601 and reads grey as it is', () => {
  assert.ok(Math.abs(guideLuma([255, 0, 0], 1, 3)[0] - 0.299) < 1e-6);
  assert.ok(Math.abs(guideLuma([51], 1, 1)[0] - 0.2) < 1e-6);
});

test('compositing: alpha 1 is the photo, 0 the backdrop, 0.5 their rounded mean; grey photos repeat their channel', () => {
  const photo = Uint8Array.from([200, 100, 0, 10, 20, 30, 255, 255, 255]);
  const back = solidRgb([0, 50, 100], 3);
  const out = compositeOver(photo, 3, back, Float32Array.from([1, 0, 0.5]));
  assert.deepEqual([...out], [200, 100, 0, 0, 50, 100, 128, 153, 178]);
  assert.deepEqual([...compositeOver(Uint8Array.from([90]), 1, back.subarray(0, 3), Float32Array.from([1]))], [90, 90, 90]);
});

test('parseHexColor accepts #rrggbb and rrggbb, nothing else', () => {
  assert.deepEqual(parseHexColor('#00ff7F'), [0, 255, 127]);
  assert.deepEqual(parseHexColor('102030'), [16, 32, 48]);
  assert.equal(parseHexColor('#fff'), undefined);
  assert.equal(parseHexColor('green'), undefined);
});

test('softmaxPlanes gives each pixel a distribution; argmaxPlanes picks the largest, ties to the lower id', () => {
  const scores = Float32Array.from([0, 2, 5, 1, 2, 0]);
  softmaxPlanes(scores, 2, 3);
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(scores[i] + scores[3 + i] - 1) < 1e-6);
  assert.ok(Math.abs(scores[0] - 1 / (1 + Math.E)) < 1e-6);
  const labels = new Uint8Array(3);
  const confidence = new Float32Array(3);
  argmaxPlanes({ data: scores, classes: 2, width: 3, height: 1 }, labels, confidence);
  assert.deepEqual([...labels], [1, 0, 0]);
  assert.ok(Math.abs(confidence[1] - 0.5) < 1e-6);
});
