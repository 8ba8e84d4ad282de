import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { labelMapToCoco, type CocoDataset } from '../../src/instances/coco-json.js';
import { findInstances } from '../../src/instances/instances.js';
import { labelComponents } from '../../src/vectors/components.js';
import { rleToMask } from '../../src/formats/coco-rle-decode.js';
import { SemsegError } from '../../src/core/errors.js';
import type { LabelMap } from '../../src/core/types.js';
import { camvidRoot, fixturesDir, needsCamvid, repoRoot } from '../helpers/paths.js';
import { readLabelPng } from '../metrics/camvid.js';

interface OracleInstance {
  category_id: number;
  area: number;
  bbox: number[];
  centroid: number[];
  counts: string;
}
interface OracleImage {
  name: string;
  width: number;
  height: number;
  labels?: string;
  instances: Record<'4' | '8', OracleInstance[]>;
}

function mapOf(labels: Uint8Array, width: number, height: number): LabelMap {
  const classes = Array.from({ length: 12 }, (_, id) => ({ id, name: `class ${id}`, color: [id, id, id] as [number, number, number] }));
  return { labels, width, height, classes };
}

/** Our annotations against the oracle's, in order (both list instances by first pixel). */
function compareWithOracle(coco: CocoDataset, expected: OracleInstance[], label: string): void {
  assert.equal(coco.annotations.length, expected.length, `${label}: instance count`);
  coco.annotations.forEach((a, i) => {
    const e = expected[i];
    assert.deepEqual([a.category_id, a.area, a.bbox, a.segmentation.counts], [e.category_id, e.area, e.bbox, e.counts], `${label}: instance ${i + 1}`);
    assert.ok(Math.abs(a.centroid[0] - e.centroid[0]) < 1e-9 && Math.abs(a.centroid[1] - e.centroid[1]) < 1e-9, `${label}: centroid of instance ${i + 1}`);
  });
}

const fixture = JSON.parse(readFileSync(join(fixturesDir, 'instances', 'camvid-crops.json'), 'utf8')) as { images: OracleImage[] };

test('CamVid crops: instances, RLE, boxes and centroids as scipy.ndimage.label and the numpy RLE oracle give them', () => {
  for (const image of fixture.images) {
    const labels = new Uint8Array(inflateSync(Buffer.from(image.labels!, 'base64')));
    for (const connectivity of [4, 8] as const) {
      const coco = labelMapToCoco(mapOf(labels, image.width, image.height), { connectivity, fileName: image.name });
      compareWithOracle(coco, image.instances[connectivity], `${image.name}, ${connectivity}-connectivity`);
      assert.deepEqual(coco.images, [{ id: 1, file_name: image.name, width: image.width, height: image.height }]);
    }
  }
});

function oracleAvailable(): { skip?: string } {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import scipy, numpy, PIL'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) return { skip: '/usr/bin/python3 with scipy, numpy and PIL (python3-scipy, python3-pil) is not installed' };
  return needsCamvid();
}

test('full CamVid frames: the same instances as the scipy oracle run now', oracleAvailable(), async () => {
  const names = ['0001TP_008550.png', 'Seq05VD_f04110.png'];
  const paths = names.map((n) => join(camvidRoot, 'testannot', n));
  const script = join(repoRoot, 'tools', 'instances', 'coco_instances.py');
  const oracle = JSON.parse(execFileSync('/usr/bin/python3', [script, ...paths], { encoding: 'utf8', maxBuffer: 64 << 20 })) as { images: OracleImage[] };
  for (const [i, path] of paths.entries()) {
    const grid = await readLabelPng(path);
    for (const connectivity of [4, 8] as const) {
      const coco = labelMapToCoco(mapOf(grid.labels as Uint8Array, grid.width, grid.height), { connectivity });
      compareWithOracle(coco, oracle.images[i].instances[connectivity], `${names[i]}, ${connectivity}-connectivity`);
    }
  }
});

test('masks decode to their instances; polygons outline them; the id raster numbers them', () => {
  // 1 1 0 2
  // 0 1 0 2
  // 2 0 1 1
  const labels = Uint8Array.from([1, 1, 0, 2, 0, 1, 0, 2, 2, 0, 1, 1]);
  const map = mapOf(labels, 4, 3);
  const four = labelMapToCoco(map);
  assert.deepEqual(four.annotations.map((a) => [a.id, a.category_id, a.area, a.bbox]), [
    [1, 1, 3, [0, 0, 2, 2]],
    [2, 0, 2, [2, 0, 1, 2]],
    [3, 2, 2, [3, 0, 1, 2]],
    [4, 0, 1, [0, 1, 1, 1]],
    [5, 2, 1, [0, 2, 1, 1]],
    [6, 0, 1, [1, 2, 1, 1]],
    [7, 1, 2, [2, 2, 2, 1]],
  ]);
  const found = findInstances(map);
  for (const a of four.annotations) {
    assert.deepEqual(rleToMask(a.segmentation), Uint8Array.from(found.ids, (id) => (id === a.id ? 1 : 0)));
    assert.deepEqual(a.segmentation.size, [3, 4]);
  }
  assert.equal(four.annotations[0].polygons.length, 1);
  assert.deepEqual(new Set(pairs(four.annotations[0].polygons[0])), new Set(['0,0', '2,0', '2,2', '1,2', '1,1', '0,1']));
  const [cx, cy] = four.annotations[0].centroid;
  assert.ok(Math.abs(cx - 3.5 / 3) < 1e-12 && Math.abs(cy - 2.5 / 3) < 1e-12, `centroid ${cx}, ${cy}`);
  // 8-connectivity joins the 1s at (1,1)-(2,2): one instance of two 4-connected pieces, so two polygons.
  const eight = labelMapToCoco(map, { connectivity: 8 });
  const ones = eight.annotations.filter((a) => a.category_id === 1);
  assert.deepEqual(ones.map((a) => [a.area, a.bbox, a.polygons.length]), [[5, [0, 0, 4, 3], 2]]);
  const cars = labelMapToCoco(map, { classes: [2] });
  assert.deepEqual(cars.annotations.map((a) => [a.id, a.category_id, a.area]), [[1, 2, 2], [2, 2, 1]]);
  assert.deepEqual(cars.categories, [{ id: 2, name: 'class 2', supercategory: '' }]);
  assert.deepEqual(Array.from(findInstances(map, { classes: [2] }).ids), [0, 0, 0, 1, 0, 0, 0, 1, 2, 0, 0, 0]);
});

function pairs(flat: number[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < flat.length; i += 2) out.push(`${flat[i]},${flat[i + 1]}`);
  return out;
}

test('components: property checks against a flood fill on random maps', () => {
  let s = 11;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (let trial = 0; trial < 60; trial++) {
    const width = 1 + Math.floor(rand() * 30);
    const height = 1 + Math.floor(rand() * 30);
    const labels = Uint8Array.from({ length: width * height }, () => Math.floor(rand() * 3));
    for (const connectivity of [4, 8] as const) {
      const { ids, count, classOf } = labelComponents({ labels, width, height }, connectivity);
      const truth = floodFill(labels, width, height, connectivity);
      assert.equal(count, truth.count, `trial ${trial}`);
      assert.deepEqual(ids, truth.ids, `trial ${trial}`);
      for (let i = 0; i < ids.length; i++) assert.equal(classOf[ids[i]], labels[i]);
    }
  }
});

/** Breadth-first flood fill numbering components by first pixel: the plain reference. */
function floodFill(labels: Uint8Array, width: number, height: number, connectivity: 4 | 8): { ids: Int32Array; count: number } {
  const ids = new Int32Array(width * height).fill(-1);
  const steps = connectivity === 4 ? [[1, 0], [-1, 0], [0, 1], [0, -1]] : [[1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [1, -1], [-1, 1], [-1, -1]];
  let count = 0;
  for (let start = 0; start < ids.length; start++) {
    if (ids[start] >= 0) continue;
    const queue = [start];
    ids[start] = count;
    while (queue.length) {
      const i = queue.pop()!;
      const x = i % width;
      const y = (i - x) / width;
      for (const [dx, dy] of steps) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
        const j = ny * width + nx;
        if (ids[j] < 0 && labels[j] === labels[i]) {
          ids[j] = count;
          queue.push(j);
        }
      }
    }
    count++;
  }
  return { ids, count };
}

test('bad instance options are refused with the reason', () => {
  const map = mapOf(new Uint8Array(4), 2, 2);
  const refused = (fn: () => unknown, pattern: RegExp) => assert.throws(fn, (e: unknown) => e instanceof SemsegError && e.code === 'INVALID_ARGUMENT' && pattern.test(e.message));
  refused(() => labelMapToCoco(map, { connectivity: 2 as 4 }), /^Expected 4 or 8 for connectivity but received 2$/);
  refused(() => labelMapToCoco(map, { classes: [1.5] }), /^Expected a class id from 0 to 65535 for classes\[0\] but received 1.5$/);
});
