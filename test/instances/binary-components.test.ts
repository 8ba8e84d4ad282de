/**
 * Components of a binary mask (weed patches of `semseg field`), through findInstances on a 0/1 map: hand-checked
 * shapes for 4- and 8-connectivity, ids in raster order with areas and boxes, and scipy.ndimage.label as the oracle
 * on random masks (skipped only when python3/scipy is missing).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { findInstances } from '../../src/instances/instances.js';

/** The components of the 1 pixels: ids 1..count (0 elsewhere), areas and boxes. */
function labelComponents(mask: Uint8Array, width: number, height: number, connectivity: 4 | 8 = 8) {
  const found = findInstances({ labels: mask, width, height }, { connectivity, classes: [1] });
  return {
    count: found.instances.length,
    ids: Int32Array.from(found.ids),
    areas: Uint32Array.from(found.instances, (i) => i.area),
    bboxes: found.instances.map(({ bbox: [x, y, w, h] }) => ({ x, y, width: w, height: h })),
  };
}

const mask = (rows: string[]) => Uint8Array.from(rows.join('').split(''), (c) => (c === '#' ? 1 : 0));

test('a diagonal chain is one component with 8-connectivity and one per pixel with 4', () => {
  const m = mask(['#..', '.#.', '..#']);
  assert.equal(labelComponents(m, 3, 3, 8).count, 1);
  const four = labelComponents(m, 3, 3, 4);
  assert.equal(four.count, 3);
  assert.deepEqual([...four.areas], [1, 1, 1]);
  assert.deepEqual([...four.ids], [1, 0, 0, 0, 2, 0, 0, 0, 3]);
});

test('ids follow the raster order of each component\'s first pixel; areas and boxes per component', () => {
  const rows = ['..##....', '..##..#.', '......##', '#.......', '####....'];
  const c = labelComponents(mask(rows), 8, 5, 4);
  assert.equal(c.count, 3);
  assert.deepEqual([...c.areas], [4, 3, 5]);
  assert.deepEqual(c.bboxes, [
    { x: 2, y: 0, width: 2, height: 2 },
    { x: 6, y: 1, width: 2, height: 2 },
    { x: 0, y: 3, width: 4, height: 2 },
  ]);
  assert.equal(c.ids[8 * 4 + 3], 3);
  assert.equal(c.ids[8 * 2 + 7], 2);
});

test('empty and full masks', () => {
  assert.equal(labelComponents(new Uint8Array(12), 4, 3).count, 0);
  const full = labelComponents(new Uint8Array(12).fill(1), 4, 3);
  assert.deepEqual([full.count, full.bboxes[0]], [1, { x: 0, y: 0, width: 4, height: 3 }]);
});

const SCIPY = `
import sys, numpy as np
from scipy import ndimage
w, h, conn = map(int, sys.argv[1:4])
m = np.frombuffer(sys.stdin.buffer.read(), dtype=np.uint8).reshape(h, w)
structure = ndimage.generate_binary_structure(2, 2 if conn == 8 else 1)
ids, n = ndimage.label(m, structure=structure)
sys.stdout.buffer.write(ids.astype(np.int32).tobytes())
`;

const hasScipy = spawnSync('python3', ['-c', 'import scipy.ndimage'], { stdio: 'ignore' }).status === 0;

test('ids equal scipy.ndimage.label on random masks (4 and 8 connectivity)', hasScipy ? {} : { skip: 'python3 with scipy not installed' }, () => {
  let s = 12345;
  const random = () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 16) / 65536;
  for (const [w, h, density] of [[61, 47, 0.45], [128, 3, 0.6], [1, 50, 0.5], [97, 89, 0.3]] as const) {
    const m = Uint8Array.from({ length: w * h }, () => (random() < density ? 1 : 0));
    for (const connectivity of [4, 8] as const) {
      const out = spawnSync('python3', ['-c', SCIPY, String(w), String(h), String(connectivity)], { input: m, maxBuffer: 1 << 24 });
      assert.equal(out.status, 0, out.stderr.toString());
      const expected = new Int32Array(out.stdout.buffer, out.stdout.byteOffset, w * h);
      const ours = labelComponents(m, w, h, connectivity);
      assert.deepEqual(ours.ids, Int32Array.from(expected), `${w}x${h} connectivity ${connectivity}`);
      const areas = new Uint32Array(ours.count);
      for (const id of expected) if (id) areas[id - 1]++;
      assert.deepEqual(ours.areas, areas);
    }
  }
});
