import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasDynamicBatch, withBatching } from '../../src/inference/batching.js';
import { segment } from '../../src/inference/segment.js';
import type { SegmentationModel } from '../../src/models/types.js';
import { fixtureModel, randomImage } from './helpers.js';

/** The model with its backend's runs recorded (batch size of each). */
function recording(model: SegmentationModel): { model: SegmentationModel; batches: number[] } {
  const batches: number[] = [];
  const backend = model.backend;
  return {
    batches,
    model: {
      ...model,
      backend: { ...backend, metadata: backend.metadata, workers: backend.workers, run: (feeds, names) => (batches.push(Object.values(feeds)[0].dims[0]), backend.run(feeds, names)) },
    },
  };
}

test('the batch dimension is read from the runtime metadata', async () => {
  const dynamic = await fixtureModel('pointwise');
  const fixed = await fixtureModel('pointwise-batch1');
  try {
    assert.equal(hasDynamicBatch(dynamic), true);
    assert.equal(hasDynamicBatch(fixed), false);
    assert.equal(withBatching(fixed, 1), fixed);
    assert.throws(() => withBatching(fixed, 2), /dynamic batch dimension for batch 2 .*\[1, 3, height, width\]/);
  } finally {
    await Promise.all([dynamic.dispose(), fixed.dispose()]);
  }
});

test('sliding windows run several per batch and give the same answer as one by one', async () => {
  const loaded = await fixtureModel('symmetric', 2);
  try {
    const image = randomImage(120, 70, 4);
    const options = { mode: 'slide' as const, crop: { width: 32, height: 32 }, stride: { width: 24, height: 20 }, blend: 'cosine' as const };
    const single = await segment(loaded, image, options);
    const { model, batches } = recording(loaded);
    const batched = await segment(withBatching(model, 4), image, options);
    assert.deepEqual(batched.labels, single.labels);
    assert.deepEqual(batched.confidence, single.confidence);
    const windows = batches.reduce((a, b) => a + b, 0);
    assert.equal(windows, 5 * 3, 'every window once');
    assert.ok(batches.length < windows && Math.max(...batches) > 1 && Math.max(...batches) <= 4, `batches ${batches.join(',')}`);
  } finally {
    await loaded.dispose();
  }
});

test('images of different sizes in flight together are never stacked', async () => {
  const loaded = await fixtureModel('pointwise');
  try {
    // Without the worker-side argmax, whole images take run() and are stacked.
    const { runArgmax: _hidden, ...scoresOnly } = loaded.backend;
    const { model, batches } = recording({ ...loaded, backend: scoresOnly });
    const batched = withBatching(model, 8);
    const images = [randomImage(20, 10, 1), randomImage(20, 10, 2), randomImage(21, 10, 3), randomImage(20, 10, 4)];
    const maps = await Promise.all(images.map((image) => segment(batched, image)));
    const reference = await Promise.all(images.map((image) => segment(loaded, image)));
    maps.forEach((map, i) => assert.deepEqual(map.labels, reference[i].labels));
    assert.equal(batches.reduce((a, b) => a + b, 0), 4);
    assert.ok(batches.includes(1), 'the 21-wide image runs alone');
  } finally {
    await loaded.dispose();
  }
});

test('batching keeps the worker-side argmax and flip TTA: same labels as unbatched, every image through runArgmax', async () => {
  const loaded = await fixtureModel('pointwise', 2);
  try {
    const calls: boolean[] = [];
    const inner = loaded.backend;
    const counted: SegmentationModel = {
      ...loaded,
      backend: { ...inner, metadata: inner.metadata, workers: inner.workers, run: inner.run, runArgmax: (feeds, request, options) => (calls.push(request.flip !== undefined), inner.runArgmax!(feeds, request, options)) },
    };
    const batched = withBatching(counted, 4);
    assert.ok(batched.backend.runArgmax, 'the batching backend takes argmax requests');
    const images = [randomImage(30, 20, 1), randomImage(30, 20, 2), randomImage(30, 20, 3)];
    for (const tta of [undefined, { flip: true }]) {
      const maps = await Promise.all(images.map((image) => segment(batched, image, { tta })));
      const reference = await Promise.all(images.map((image) => segment(loaded, image, { tta })));
      maps.forEach((map, i) => {
        assert.deepEqual(map.labels, reference[i].labels);
        assert.deepEqual(map.confidence, reference[i].confidence);
      });
    }
    assert.deepEqual(calls, [false, false, false, true, true, true]);
  } finally {
    await loaded.dispose();
  }
});

test('an aborted caller of a stacked batch rejects with CANCELLED; the others get their results', async () => {
  const loaded = await fixtureModel('symmetric', 1);
  try {
    const batched = withBatching(loaded, 4);
    const input = () => ({ input: { type: 'float32' as const, data: new Float32Array(3 * 16 * 16), dims: [1, 3, 16, 16] } });
    const controller = new AbortController();
    const runs = [batched.backend.run(input(), undefined, { signal: controller.signal }), batched.backend.run(input()), batched.backend.run(input())];
    controller.abort();
    await assert.rejects(runs[0], (e: Error & { code?: string }) => e.code === 'CANCELLED');
    const rest = await Promise.all(runs.slice(1));
    rest.forEach((outputs) => assert.equal(Object.values(outputs)[0].dims[0], 1));
  } finally {
    await loaded.dispose();
  }
});

test('maxQueueDelayUs: requests arriving within the delay share one run although a worker was free', async () => {
  const loaded = await fixtureModel('symmetric', 1);
  try {
    const recorded = recording(loaded);
    const sizes: number[] = [];
    const batched = withBatching(recorded.model, 4, { maxQueueDelayUs: 200_000, onBatch: (n) => sizes.push(n) });
    const input = () => ({ input: { type: 'float32' as const, data: new Float32Array(3 * 16 * 16), dims: [1, 3, 16, 16] } });
    const first = batched.backend.run(input());
    await new Promise((r) => setTimeout(r, 20));
    const later = [batched.backend.run(input()), batched.backend.run(input())];
    await Promise.all([first, ...later]);
    assert.deepEqual(recorded.batches, [3]);
    assert.deepEqual(sizes, [3]);

    // Without a delay the first request runs at once, alone.
    recorded.batches.length = 0;
    const eager = withBatching(recorded.model, 4);
    const alone = eager.backend.run(input());
    await new Promise((r) => setTimeout(r, 20));
    await Promise.all([alone, eager.backend.run(input())]);
    assert.deepEqual(recorded.batches, [1, 1]);
  } finally {
    await loaded.dispose();
  }
});

test('a full batch does not wait for the delay; wholeImages drops the worker-side argmax so whole images stack', async () => {
  const loaded = await fixtureModel('symmetric', 1);
  try {
    const recorded = recording(loaded);
    const batched = withBatching(recorded.model, 2, { maxQueueDelayUs: 10_000_000, wholeImages: true });
    assert.equal(batched.backend.runArgmax, undefined);
    const input = () => ({ input: { type: 'float32' as const, data: new Float32Array(3 * 16 * 16), dims: [1, 3, 16, 16] } });
    const started = performance.now();
    await Promise.all([batched.backend.run(input()), batched.backend.run(input())]);
    assert.ok(performance.now() - started < 5_000, 'a full batch waited for the queue delay');
    assert.deepEqual(recorded.batches, [2]);
  } finally {
    await loaded.dispose();
  }
});
