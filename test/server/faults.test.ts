import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { errorOf, halfRedPng, scriptedServer } from './helpers.js';

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

test('a run past --timeout-ms is 504; a failing run is 500', async () => {
  const server = await scriptedServer({ timeoutMs: 300 });
  try {
    const slow = await post(server, await halfRedPng(62, 10));
    assert.equal(slow.statusCode, 504, slow.body);
    assert.equal(errorOf(slow.body).code, 'TIMEOUT');
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
  const server = await scriptedServer();
  try {
    const address = new URL(await server.listen());
    const png = await halfRedPng(63, 10);
    // The first request occupies the one worker; the second waits in the queue and its client leaves.
    const first = server.app.inject({ method: 'POST', url: '/v1/segment', payload: png });
    await new Promise<void>((resolve) => {
      const req = httpRequest({ host: address.hostname, port: address.port, method: 'POST', path: '/v1/segment', headers: { 'content-length': png.length } });
      req.on('error', () => resolve());
      req.end(png);
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 150);
    });
    assert.equal((await first).statusCode, 200);
    for (let i = 0; i < 50 && server.context.pool.stats().cancelled === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(server.context.pool.stats().cancelled, 1);
    assert.equal(server.context.pool.stats().completed, 1);
    assert.equal(server.context.lifecycle.inFlight, 0);
  } finally {
    await server.close();
  }
});

test('shutdown: readyz fails at once, new requests get 503, in-flight work finishes', async () => {
  const server = await scriptedServer({ drainTimeoutMs: 5000 });
  const inFlight = post(server, await halfRedPng(63, 10));
  await new Promise((r) => setTimeout(r, 50));
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
  await new Promise((r) => setTimeout(r, 50));
  const result = await server.shutdown();
  assert.deepEqual(result, { finished: false, cancelled: 1 });
  const reply = await stuck;
  assert.equal(errorOf(reply.body).code, 'CANCELLED');
});
