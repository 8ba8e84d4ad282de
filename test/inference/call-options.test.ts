/** segment() carries the caller's AbortSignal and time budget into every model run. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segment } from '../../src/inference/segment.js';
import type { SegmentationModel } from '../../src/models/types.js';
import { loadModel } from '../../src/models/load.js';
import { streetOnnx } from '../helpers/models.js';
import { fixtureModel, randomImage } from './helpers.js';

const withCode = (code: string) => (e: Error & { code?: string }) => e.code === code;

/** The model with its backend's runs counted (run and runArgmax). */
function counting(model: SegmentationModel): { model: SegmentationModel; runs: () => number } {
  let runs = 0;
  const inner = model.backend;
  const backend: SegmentationModel['backend'] = {
    ...inner,
    metadata: inner.metadata,
    workers: inner.workers,
    run: (feeds, names, options) => (runs++, inner.run(feeds, names, options)),
    runArgmax: (feeds, request, options) => (runs++, inner.runArgmax!(feeds, request, options)),
  };
  return { model: { ...model, backend }, runs: () => runs };
}

test('an aborted signal rejects segment() with CANCELLED before any run', async () => {
  const loaded = await fixtureModel('pointwise');
  try {
    const { model, runs } = counting(loaded);
    await assert.rejects(segment(model, randomImage(20, 10), { signal: AbortSignal.abort() }), withCode('CANCELLED'));
    await assert.rejects(segment(model, randomImage(64, 48), { mode: 'slide', crop: { width: 16, height: 16 }, signal: AbortSignal.abort() }), withCode('CANCELLED'));
    assert.equal(runs(), 0);
  } finally {
    await loaded.dispose();
  }
});

test('aborting during sliding windows stops before the remaining windows and rejects with CANCELLED', async () => {
  const loaded = await fixtureModel('symmetric');
  try {
    const { model, runs } = counting(loaded);
    const controller = new AbortController();
    let total = 0;
    const options = { mode: 'slide' as const, crop: { width: 16, height: 16 }, stride: { width: 16, height: 16 }, signal: controller.signal };
    await assert.rejects(
      segment(model, randomImage(128, 128, 5), { ...options, onProgress: (done, all) => ((total = all), done === 1 && controller.abort()) }),
      withCode('CANCELLED'),
    );
    assert.equal(total, 64);
    assert.ok(runs() < total, `${runs()} of ${total} windows ran`);
    // The model stays usable and gives the same answer as without a signal.
    const image = randomImage(40, 24, 9);
    assert.deepEqual((await segment(loaded, image, { signal: new AbortController().signal })).labels, (await segment(loaded, image)).labels);
  } finally {
    await loaded.dispose();
  }
});

test('a time budget shorter than the work rejects segment() with TIMEOUT; the model serves the next call', async () => {
  const model = await loadModel(streetOnnx, { workers: 1, threadsPerWorker: 1 });
  try {
    await assert.rejects(segment(model, randomImage(1920, 1440, 3), { mode: 'whole', timeoutMs: 1 }), withCode('TIMEOUT'));
    const map = await segment(model, randomImage(64, 48, 4), { timeoutMs: 600_000 });
    assert.equal(map.labels.length, 64 * 48);
    await assert.rejects(segment(model, randomImage(8, 8), { timeoutMs: -5 }), /positive number of milliseconds for timeoutMs/);
  } finally {
    await model.dispose();
  }
});
