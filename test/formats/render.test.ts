import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClassInfo, LabelMap, RasterImage } from '../../src/core/types.js';
import { classStats, colorize, overlay, overlayClasses } from '../../src/formats/render.js';

function classes(n: number): ClassInfo[] {
  return Array.from({ length: n }, (_, id) => ({ id, name: `c${id}`, color: [(id * 97) % 256, (id * 41) % 256, (id * 13) % 256] as [number, number, number] }));
}

function pseudoRandom(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

test('overlayClasses equals overlay(image, colorize(map)) for RGB, grey and 16-bit label maps', () => {
  const random = pseudoRandom(3);
  const width = 13;
  const height = 7;
  const n = width * height;
  for (const channels of [3, 1, 4]) {
    for (const labels of [new Uint8Array(n), new Uint16Array(n)]) {
      const cls = classes(labels instanceof Uint16Array ? 300 : 11);
      for (let i = 0; i < n; i++) labels[i] = Math.floor(random() * cls.length);
      const image: RasterImage = { width, height, channels, data: Uint8Array.from({ length: n * channels }, () => Math.floor(random() * 256)) };
      const map: LabelMap = { labels, width, height, classes: cls };
      for (const opacity of [0, 0.37, 0.5, 1]) {
        assert.deepEqual(overlayClasses(image, map, opacity), overlay(image, colorize(map), opacity), `channels ${channels}, opacity ${opacity}`);
      }
    }
  }
});

test('classStats counts pixels and averages confidence per class (8 and 16-bit labels, any length)', () => {
  const random = pseudoRandom(9);
  for (const n of [1, 3, 4, 1001]) {
    for (const labels of [new Uint8Array(n), new Uint16Array(n)]) {
      const cls = classes(labels instanceof Uint16Array ? 300 : 5);
      for (let i = 0; i < n; i++) labels[i] = Math.floor(random() * cls.length);
      const confidence = Float32Array.from({ length: n }, () => random());
      const counts = new Map<number, number>();
      const sums = new Map<number, number>();
      labels.forEach((l, i) => {
        counts.set(l, (counts.get(l) ?? 0) + 1);
        sums.set(l, (sums.get(l) ?? 0) + confidence[i]);
      });
      const withConfidence = classStats({ labels, width: n, height: 1, classes: cls, confidence });
      const without = classStats({ labels, width: n, height: 1, classes: cls });
      for (const c of cls) {
        const count = counts.get(c.id) ?? 0;
        assert.equal(withConfidence[c.id].pixels, count);
        assert.equal(without[c.id].pixels, count);
        assert.equal(withConfidence[c.id].share, count / n);
        assert.equal(without[c.id].meanConfidence, null);
        if (count === 0) assert.equal(withConfidence[c.id].meanConfidence, null);
        else assert.ok(Math.abs(withConfidence[c.id].meanConfidence! - sums.get(c.id)! / count) < 1e-12);
      }
    }
  }
});
