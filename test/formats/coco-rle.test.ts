import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeClassRle, labelMapToRle, type ClassRle } from '../../src/formats/coco-rle.js';
import { rleArea, rleBbox, rleCountsFromString, rleToMask } from '../../src/formats/coco-rle-decode.js';
import { summarizeRuns } from '../../src/formats/coco-rle-writer.js';
import { SemsegError } from '../../src/core/errors.js';
import type { LabelMap } from '../../src/core/types.js';
import { fixturesDir } from '../helpers/paths.js';

interface Expected {
  classId: number;
  counts: number[];
  string: string;
  area: number;
  bbox: number[];
}
interface MapCase {
  name: string;
  height: number;
  width: number;
  dtype: 'uint8' | 'uint16';
  labels?: string;
  rects?: number[][];
  expected: Expected[];
}
interface StringCase {
  name: string;
  size: [number, number];
  string: string;
  counts: number[];
  area: number;
  bbox: number[];
  canonical?: false;
  reencoded?: string;
}

// Golden cases from tools/coco-rle/make_fixtures.py (a numpy oracle of pycocotools' semantics).
const fixtures = JSON.parse(readFileSync(join(fixturesDir, 'coco-rle', 'cases.json'), 'utf8')) as { maps: MapCase[]; strings: StringCase[] };

function labelsOf(c: MapCase): Uint8Array | Uint16Array {
  if (c.rects) {
    const labels = new Uint8Array(c.width * c.height);
    for (const [top, bottom, left, right, value] of c.rects) {
      for (let y = top; y < bottom; y++) labels.fill(value, y * c.width + left, y * c.width + right);
    }
    return labels;
  }
  const bytes = Buffer.from(c.labels!, 'base64');
  if (c.dtype === 'uint8') return new Uint8Array(bytes);
  const out = new Uint16Array(bytes.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readUInt16LE(2 * i);
  return out;
}

function mapOf(labels: Uint8Array | Uint16Array, width: number, height: number): LabelMap {
  return { labels, width, height, classes: [] };
}

function summary(rle: ClassRle) {
  return { classId: rle.classId, string: rle.counts, area: rle.area, bbox: rle.bbox };
}

function wantedSummary(e: Expected) {
  return { classId: e.classId, string: e.string, area: e.area, bbox: e.bbox };
}

test('each class of the golden label maps encodes to the string, area and box pycocotools gives', () => {
  for (const c of fixtures.maps) {
    const labels = labelsOf(c);
    for (const e of c.expected) {
      const rle = encodeClassRle(labels, c.width, c.height, e.classId);
      assert.deepEqual(rle.size, [c.height, c.width], c.name);
      assert.deepEqual(summary(rle), wantedSummary(e), `${c.name}, class ${e.classId}`);
      assert.deepEqual(Array.from(rleCountsFromString(rle.counts)), e.counts, `${c.name}, class ${e.classId}: decoded runs`);
    }
  }
});

test('labelMapToRle gives every present class in one pass, or exactly the classes asked for', () => {
  for (const c of fixtures.maps) {
    const map = mapOf(labelsOf(c), c.width, c.height);
    const present = c.expected.filter((e) => e.area > 0);
    assert.deepEqual(labelMapToRle(map).map(summary), present.map(wantedSummary), c.name);
    const asked = [...c.expected].reverse();
    const got = labelMapToRle(map, asked.map((e) => e.classId));
    assert.deepEqual(got.map(summary), asked.map(wantedSummary), `${c.name}, chosen classes`);
    for (const rle of got) assert.deepEqual(rle.size, [c.height, c.width]);
  }
});

test('decoding a golden string gives the mask of its class', () => {
  for (const c of fixtures.maps) {
    const labels = labelsOf(c);
    for (const e of c.expected) {
      const mask = rleToMask({ size: [c.height, c.width], counts: e.string });
      const truth = Uint8Array.from(labels, (l) => (l === e.classId ? 1 : 0));
      assert.deepEqual(mask, truth, `${c.name}, class ${e.classId}`);
      assert.deepEqual(rleToMask({ size: [c.height, c.width], counts: e.counts }), truth);
      assert.equal(rleArea(e.counts), e.area);
      assert.deepEqual(rleBbox(e.counts, c.height), e.bbox);
    }
  }
});

test('strings quoted from pycocotools users decode, measure and re-encode as pycocotools does', () => {
  assert.ok(fixtures.strings.some((s) => s.string === 'Tl0'));
  for (const s of fixtures.strings) {
    const runs = rleCountsFromString(s.string);
    assert.deepEqual(Array.from(runs), s.counts, s.name);
    assert.equal(rleArea(runs), s.area, s.name);
    assert.deepEqual(rleBbox(runs, s.size[0]), s.bbox, s.name);
    const mask = rleToMask({ size: s.size, counts: s.string });
    const again = encodeClassRle(mask, s.size[1], s.size[0], 1);
    assert.equal(again.counts, s.canonical === false ? s.reencoded : s.string, s.name);
    assert.equal(again.area, s.area);
    assert.deepEqual(again.bbox, s.bbox);
    if (s.canonical !== false) assert.equal(summarizeRuns(runs, s.size[0]).counts, s.string);
  }
});

function expectInvalid(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => error instanceof SemsegError && error.code === 'INVALID_ARGUMENT' && pattern.test(error.message));
}

test('malformed strings and sizes are refused with the reason', () => {
  expectInvalid(() => rleCountsFromString('Tl0p'), /^Expected characters from '0' to 'o' for counts\[3\] but received "p"$/);
  expectInvalid(() => rleCountsFromString('Tl/0'), /for counts\[2\] but received "\/"/);
  expectInvalid(() => rleCountsFromString('Tl'), /^Expected a string that does not end inside a run for counts/);
  expectInvalid(() => rleCountsFromString('O'), /^Expected run lengths from 0 to 2\^32 - 1 for counts run 0 but received -1$/);
  expectInvalid(() => rleCountsFromString('ooooooo0'), /runs of at most 7 characters/);
  expectInvalid(() => rleCountsFromString(5 as unknown as string), /^Expected a COCO RLE string for counts/);
  expectInvalid(() => rleToMask({ size: [30, 31], counts: 'Tl0' }), /^Expected runs adding up to 930 pixels \(height x width\) for counts but received 900$/);
  expectInvalid(() => rleToMask({ size: [30, -30], counts: 'Tl0' }), /for size/);
  expectInvalid(() => rleToMask({ size: [3, 1], counts: [1, -1, 3] }), /for counts run 1 but received -1/);
  // The largest run pycocotools can hold survives the trip (2^32 - 1 pixels, as a 7-character value).
  const big = summarizeRuns([0xffffffff], 1).counts;
  assert.deepEqual(Array.from(rleCountsFromString(big)), [0xffffffff]);
});

test('bad label maps and class lists are refused at the boundary', () => {
  const labels = new Uint8Array(12);
  expectInvalid(() => encodeClassRle(labels, 5, 2, 0), /^Expected 10 labels \(width x height\) for labels but received 12$/);
  expectInvalid(() => encodeClassRle(labels, 4, 3, 256), /^Expected a class id from 0 to 255 for classId but received 256$/);
  expectInvalid(() => labelMapToRle(mapOf(labels, 4, 3), [1, 2, 1]), /^Expected each class id once for classes\[2\] but received 1$/);
  expectInvalid(() => labelMapToRle(mapOf(labels, 4, 3), [0.5]), /for classes\[0\]/);
  expectInvalid(() => labelMapToRle(mapOf(labels, 4.5, 3)), /for width/);
  assert.deepEqual(labelMapToRle(mapOf(new Uint16Array(6).fill(40000), 3, 2), [40000, 65535]).map((r) => r.counts), ['06', '6']);
});

/** Column-major runs the plain way: the reference the property checks compare with. */
function naiveRuns(labels: ArrayLike<number>, width: number, height: number, classId: number): number[] {
  const runs: number[] = [];
  let value = 0;
  let run = 0;
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const v = labels[y * width + x] === classId ? 1 : 0;
      if (v !== value) {
        runs.push(run);
        run = 0;
        value = v;
      }
      run++;
    }
  }
  runs.push(run);
  return runs;
}

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

test('property: random label maps round-trip class by class, and both encoders agree', () => {
  const rand = random(7);
  for (let trial = 0; trial < 150; trial++) {
    const width = Math.floor(rand() * 40);
    const height = Math.floor(rand() * 40);
    const classes = 1 + Math.floor(rand() * 6);
    const sixteen = rand() < 0.3;
    const labels = sixteen ? new Uint16Array(width * height) : new Uint8Array(width * height);
    const smooth = rand() < 0.5;
    for (let i = 0; i < labels.length; i++) {
      labels[i] = smooth && i > 0 && rand() < 0.8 ? labels[i - 1] : Math.floor(rand() * classes) * (sixteen ? 997 : 1);
    }
    const map = mapOf(labels, width, height);
    const all = labelMapToRle(map);
    const present = new Set(labels);
    assert.deepEqual(all.map((r) => r.classId), [...present].sort((a, b) => a - b));
    for (const rle of all) {
      const runs = naiveRuns(labels, width, height, rle.classId);
      assert.deepEqual(Array.from(rleCountsFromString(rle.counts)), runs, `trial ${trial}, class ${rle.classId}`);
      assert.deepEqual(encodeClassRle(labels, width, height, rle.classId), rle);
      const mask = rleToMask(rle);
      assert.deepEqual(mask, Uint8Array.from(labels, (l) => (l === rle.classId ? 1 : 0)));
      assert.equal(rle.area, mask.reduce((a, b) => a + b, 0));
      assert.deepEqual(rle.bbox, tightBox(mask, width, height));
    }
  }
});

function tightBox(mask: Uint8Array, width: number, height: number): number[] {
  let [xs, ys, xe, ye] = [Infinity, Infinity, -1, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue;
      [xs, ys, xe, ye] = [Math.min(xs, x), Math.min(ys, y), Math.max(xe, x), Math.max(ye, y)];
    }
  }
  return xe < 0 ? [0, 0, 0, 0] : [xs, ys, xe - xs + 1, ye - ys + 1];
}

test('hand-worked strings: each run (less the run two back) in 5-bit groups, low group first, plus 48', () => {
  // [0,6,1,3]: 0 -> '0', 6 -> '6', 1 -> '1', 3 - 6 = -3 -> 29 with the sign bit 0x10 -> 'M'.
  // [0,1024]: 1024 = 0 + 0*32 + 1*1024 -> groups 0|0x20, 0|0x20, 1 -> 'P', 'P', '1'.
  // [2,3,1,1]: 1 - 3 = -2 -> 30 -> 'N'.
  const cases: [number[], string][] = [[[0, 6, 1, 3], '061M'], [[0, 1024], '0PP1'], [[2, 3, 1, 1], '231N']];
  for (const [runs, string] of cases) {
    assert.equal(summarizeRuns(runs, 1).counts, string, `runs ${runs}`);
    assert.deepEqual(Array.from(rleCountsFromString(string)), runs, `decoding ${string}`);
    const height = runs.reduce((a, b) => a + b, 0);
    const mask = rleToMask({ size: [height, 1], counts: string });
    assert.equal(encodeClassRle(mask, 1, height, 1).counts, string, `mask of ${string} re-encoded`);
  }
});
