import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { errorOf, halfRedPng, scriptedServer } from './helpers.js';

/** Waits (without a deadline of its own) until the server has this many requests in flight. */
async function untilInFlight(server: Awaited<ReturnType<typeof scriptedServer>>, count: number): Promise<void> {
  while (server.context.lifecycle.inFlight < count) await new Promise((r) => setTimeout(r, 5));
}

const post = (server: Awaited<ReturnType<typeof scriptedServer>>, png: Buffer) => server.app.inject({ method: 'POST', url: '/v1/segment', payload: png });

test('a worker that crashes mid-request fails that request with 503; the next succeeds; the restart is counted', async () => {
  const server = await scriptedServer();
  try {
    const crashed = await post(server, await halfRedPng(61, 10));
    assert.equal(crashed.statusCode, 503, crashed.body);
    assert.equal(errorOf(crashed.body).code, 'WORKER_CRASHED');
    assert.ok(crashed.headers['retry-after']);
    const next = await post(server, await halfRedPng(20, 10));
    assert.equal(next.statusCode, 200, next.body);
    const red = next.json().classes.find((c: { name: string }) => c.name === 'red');
    assert.equal(red.pixels, 100);
    assert.match((await server.app.inject({ url: '/metrics' })).body, /semseg_worker_restarts_total 1/);
  } finally {
    await server.close();
  }
});

test('a run past --timeout-ms is 504', async () => {
  const server = await scriptedServer({ timeoutMs: 300 });
  try {
    const slow = await post(server, await halfRedPng(62, 10));
    assert.equal(slow.statusCode, 504, slow.body);
    assert.equal(errorOf(slow.body).code, 'TIMEOUT');
  } finally {
    await server.close();
  }
});

test('a failing run is 500 and the next request succeeds', async () => {
  const server = await scriptedServer();
  try {
    const failed = await post(server, await halfRedPng(64, 10));
    assert.equal(failed.statusCode, 500, failed.body);
    assert.equal(errorOf(failed.body).code, 'INFERENCE_FAILED');
    assert.equal((await post(server, await halfRedPng(20, 10))).statusCode, 200);
  } finally {
    await server.close();
  }
});

test('overload: beyond workers + --max-queue requests are 429 with Retry-After at once; the others finish', async () => {
  const server = await scriptedServer({ maxQueue: 1 });
  try {
    const png = await halfRedPng(63, 10);
    const replies = await Promise.all(Array.from({ length: 6 }, () => post(server, png)));
    const statuses = replies.map((r) => r.statusCode).sort();
    assert.deepEqual(statuses, [200, 200, 429, 429, 429, 429]);
    for (const refused of replies.filter((r) => r.statusCode === 429)) {
      assert.equal(refused.headers['retry-after'], '1');
      assert.equal(errorOf(refused.body).code, 'BUSY');
    }
    assert.equal(server.context.admission.inFlight, 0);
  } finally {
    await server.close();
  }
});

test('a client that disconnects cancels its job (real socket)', async () => {
  const server = await scriptedServer({ drainTimeoutMs: 0 });
  try {
    const address = new URL(await server.listen());
    // The first request holds the one worker (a run that never answers); the second waits in the pool's queue
    // and its client leaves.
    const holding = server.app.inject({ method: 'POST', url: '/v1/segment', payload: await halfRedPng(62, 10) });
    // The holding run must be on the worker before the second request arrives, or the two could swap places.
    while (server.context.pool.stats().busyWorkers < 1) await new Promise((r) => setTimeout(r, 5));
    const png = await halfRedPng(20, 10);
    const req = httpRequest({ host: address.hostname, port: address.port, method: 'POST', path: '/v1/segment', headers: { 'content-length': png.length } });
    req.on('error', () => undefined);
    req.end(png);
    while (server.context.pool.stats().queueDepth < 1) await new Promise((r) => setTimeout(r, 5));
    req.destroy();
    while (server.context.pool.stats().cancelled < 1) await new Promise((r) => setTimeout(r, 5));
    assert.equal(server.context.pool.stats().queueDepth, 0);
    assert.equal(server.context.pool.stats().completed, 0);
    await server.shutdown();
    assert.equal(errorOf((await holding).body).code, 'CANCELLED');
  } finally {
    await server.close();
  }
});

test('shutdown: readyz fails at once, new requests get 503, in-flight work finishes', async () => {
  const server = await scriptedServer({ drainTimeoutMs: 5000 });
  const inFlight = post(server, await halfRedPng(63, 10));
  await untilInFlight(server, 1);
  const stopping = server.shutdown();
  const ready = await server.app.inject({ url: '/readyz' });
  assert.equal(ready.statusCode, 503);
  assert.equal(ready.json().status, 'draining');
  const refused = await post(server, await halfRedPng(20, 10));
  assert.equal(refused.statusCode, 503);
  assert.equal(errorOf(refused.body).code, 'UNAVAILABLE');
  assert.equal((await inFlight).statusCode, 200);
  assert.deepEqual(await stopping, { finished: true, cancelled: 0 });
});

test('shutdown cancels what is still running at the drain deadline', async () => {
  const server = await scriptedServer({ drainTimeoutMs: 100 });
  const stuck = post(server, await halfRedPng(62, 10));
  await untilInFlight(server, 1);
  const result = await server.shutdown();
  assert.deepEqual(result, { finished: false, cancelled: 1 });
  const reply = await stuck;
  assert.equal(errorOf(reply.body).code, 'CANCELLED');
});
