import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOrtBackend, resolveThreading } from '../../src/runtime/ort-backend.js';
import { streetOnnx } from '../helpers/models.js';

test('the main thread keeps running while a long inference runs in a worker', async () => {
  const backend = await createOrtBackend(streetOnnx, { workers: 1, threadsPerWorker: 2 });
  const [h, w] = [1440, 1920];
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  const started = Date.now();
  const out = await backend.run({ input: { type: 'float32', data: new Float32Array(3 * h * w), dims: [1, 3, h, w] } });
  const elapsed = Date.now() - started;
  clearInterval(timer);
  assert.deepEqual(out.logits.dims, [1, 11, h, w]);
  // A blocked event loop would tick at most once; a free one ticks about every 5 ms of the inference.
  assert.ok(ticks >= Math.min(10, elapsed / 20), `only ${ticks} ticks in ${elapsed} ms`);
  await backend.dispose();
});

test('an inference error fails that job only; the backend stays usable', async () => {
  const backend = await createOrtBackend(streetOnnx, { workers: 1, threadsPerWorker: 1 });
  await assert.rejects(backend.run({ input: { type: 'float32', data: new Float32Array(10), dims: [1, 3, 2, 2] } }), (e: Error & { code?: string }) => e.code === 'INFERENCE_FAILED');
  const ok = await backend.run({ input: { type: 'float32', data: new Float32Array(3 * 32 * 32), dims: [1, 3, 32, 32] } });
  assert.deepEqual(ok.logits.dims, [1, 11, 32, 32]);
  await backend.dispose();
});

test('declared inputs and outputs are reported from the graph', async () => {
  const backend = await createOrtBackend(streetOnnx, { workers: 1 });
  assert.deepEqual(backend.metadata.inputs[0].shape.slice(1), [3, 'height', 'width']);
  assert.equal(backend.metadata.outputs[0].name, 'logits');
  await backend.dispose();
});

test('a file that is not a model fails at load with a clear error', async () => {
  await assert.rejects(createOrtBackend(new URL(import.meta.url).pathname, { workers: 1 }), (e: Error & { code?: string }) => e.code === 'MODEL_LOAD_FAILED' && /onnxruntime could not load/.test(e.message));
});

test('threading defaults split the cores between workers', () => {
  const { workers, threadsPerWorker } = resolveThreading({ workers: 1 });
  assert.equal(workers, 1);
  assert.ok(threadsPerWorker >= 1);
  assert.throws(() => resolveThreading({ workers: 0 }), /positive integer for workers/);
});
