import { test } from 'node:test';
import assert from 'node:assert/strict';
import { halfRedPng, pointwiseServer } from './helpers.js';

test('dynamic batching: concurrent requests of one size share runs, answers equal the unbatched ones, sizes in /metrics', async () => {
  const png = await halfRedPng(32, 24);
  const plain = await pointwiseServer();
  let expected: unknown;
  try {
    expected = (await plain.app.inject({ method: 'POST', url: '/v1/segment', payload: png })).json().classes;
  } finally {
    await plain.close();
  }
  const server = await pointwiseServer({ batching: { maxBatch: 4, maxQueueDelayUs: 100_000 } });
  try {
    const replies = await Promise.all(Array.from({ length: 4 }, () => server.app.inject({ method: 'POST', url: '/v1/segment', payload: png })));
    for (const reply of replies) assert.deepEqual(reply.json().classes, expected);
    const metrics = (await server.app.inject({ url: '/metrics' })).body;
    const count = Number(/semseg_batch_size_count\{model="pointwise"\} (\d+)/.exec(metrics)?.[1]);
    const sum = Number(/semseg_batch_size_sum\{model="pointwise"\} (\d+)/.exec(metrics)?.[1]);
    assert.equal(sum, 4, metrics);
    assert.ok(count < 4, `4 images in ${count} runs: nothing was batched`);
  } finally {
    await server.close();
  }
});
