import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recycle, recycledBytes, setRecyclerLimit, takeFloat32 } from '../../src/core/buffer-recycler.js';

const MiB = 1024 * 1024;

test('recycled buffers are capped in bytes over all sizes, the oldest evicted first', () => {
  setRecyclerLimit(10 * MiB);
  try {
    const buffers = Array.from({ length: 40 }, (_, i) => new ArrayBuffer(MiB + 4 * i));
    buffers.forEach(recycle);
    assert.ok(recycledBytes() <= 10 * MiB, `holds ${recycledBytes()} bytes`);
    assert.ok(recycledBytes() > 8 * MiB, 'keeps what fits');
    // The newest survive: the last size comes back as the same buffer, the first one was evicted.
    const newest = takeFloat32(buffers[39].byteLength / 4);
    assert.equal(newest.buffer, buffers[39]);
    const oldest = takeFloat32(buffers[0].byteLength / 4);
    assert.notEqual(oldest.buffer, buffers[0]);
  } finally {
    setRecyclerLimit(0);
    setRecyclerLimit(256 * MiB);
  }
});

test('a taken buffer leaves the recycler and a buffer larger than the cap is not kept', () => {
  setRecyclerLimit(2 * MiB);
  try {
    recycle(new ArrayBuffer(MiB));
    assert.equal(recycledBytes(), MiB);
    assert.equal(takeFloat32(MiB / 4).byteLength, MiB);
    assert.equal(recycledBytes(), 0);
    recycle(new ArrayBuffer(3 * MiB));
    assert.equal(recycledBytes(), 0);
    assert.throws(() => setRecyclerLimit(-1), /non-negative integer/);
  } finally {
    setRecyclerLimit(256 * MiB);
  }
});
