import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from '../../src/server/create-server.js';
import { captureLog, errorOf, halfRedPng, pointwiseOnnx, pointwiseServer } from './helpers.js';

const KEY_A = 'alpha-key-0123456789abcdef';
const KEY_B = 'bravo-key-0123456789abcdef';

test('with keys: no key or a wrong key is 401; Bearer and x-api-key work; probes stay open', async () => {
  const server = await pointwiseServer({ apiKeys: [KEY_A, KEY_B] });
  try {
    const png = await halfRedPng(8, 8);
    const none = await server.app.inject({ method: 'POST', url: '/v1/segment', payload: png });
    assert.equal(none.statusCode, 401);
    assert.equal(errorOf(none.body).code, 'UNAUTHORIZED');
    assert.equal(none.headers['www-authenticate'], 'Bearer');
    const wrong = await server.app.inject({ method: 'POST', url: '/v1/segment', payload: png, headers: { authorization: 'Bearer wrong-key-0123456789abcdef' } });
    assert.equal(wrong.statusCode, 401);
    assert.match(errorOf(wrong.body).message, /matches no configured key/);
    const bearer = await server.app.inject({ method: 'POST', url: '/v1/segment', payload: png, headers: { authorization: `Bearer ${KEY_A}` } });
    assert.equal(bearer.statusCode, 200);
    const header = await server.app.inject({ url: '/v1/models', headers: { 'x-api-key': KEY_B } });
    assert.equal(header.statusCode, 200);
    assert.equal((await server.app.inject({ url: '/metrics' })).statusCode, 401);
    for (const url of ['/healthz', '/readyz']) assert.equal((await server.app.inject({ url })).statusCode, 200, url);
  } finally {
    await server.close();
  }
});

test('without keys everything is open on loopback, and a non-loopback address is refused', async () => {
  const open = await pointwiseServer();
  try {
    assert.equal((await open.app.inject({ url: '/v1/models' })).statusCode, 200);
  } finally {
    await open.close();
  }
  const exposed = await pointwiseServer({ host: '0.0.0.0' });
  try {
    await assert.rejects(exposed.listen(), (e: Error & { code?: string }) => e.code === 'INVALID_ARGUMENT' && /not a loopback address/.test(e.message));
  } finally {
    await exposed.close();
  }
});

test('the rate limit is per key: one key exhausted gets 429 with Retry-After, another key still passes', async () => {
  const server = await pointwiseServer({ apiKeys: [KEY_A, KEY_B], rateLimit: { max: 2, windowMs: 60_000 } });
  try {
    const get = (key: string) => server.app.inject({ url: '/v1/models', headers: { 'x-api-key': key } });
    assert.deepEqual([(await get(KEY_A)).statusCode, (await get(KEY_A)).statusCode], [200, 200]);
    const limited = await get(KEY_A);
    assert.equal(limited.statusCode, 429);
    assert.equal(errorOf(limited.body).code, 'RATE_LIMITED');
    assert.ok(Number(limited.headers['retry-after']) > 0);
    assert.equal((await get(KEY_B)).statusCode, 200);
    assert.equal((await server.app.inject({ url: '/healthz' })).statusCode, 200);
  } finally {
    await server.close();
  }
});

test('logs are structured, one line per request with its id, and never hold keys or image data', async () => {
  const log = captureLog();
  const server = await createServer({ models: [pointwiseOnnx], workers: 1, threadsPerWorker: 1, apiKeys: [KEY_A] }, { logger: log.logger });
  try {
    const png = await halfRedPng(16, 16);
    const reply = await server.app.inject({ method: 'POST', url: '/v1/segment', payload: png, headers: { authorization: `Bearer ${KEY_A}`, 'x-request-id': 'req-42' } });
    assert.equal(reply.headers['x-request-id'], 'req-42');
    await server.app.inject({ method: 'POST', url: '/v1/segment', payload: png, headers: { 'x-api-key': 'a-wrong-key-that-is-long-enough' } });
    const line = log.lines().find((l) => l.reqId === 'req-42');
    assert.ok(line, log.text());
    assert.equal(line.status, 200);
    assert.equal(line.model, 'pointwise');
    assert.equal(line.key, 'key-1');
    const text = log.text();
    assert.ok(!text.includes(KEY_A) && !text.includes('a-wrong-key-that-is-long-enough'), 'a key reached the log');
    assert.ok(!text.includes(png.subarray(16, 40).toString('base64')) && !text.includes('\\u0089PNG'), 'image data reached the log');
  } finally {
    await server.close();
  }
});

test('CORS is off by default; --cors-origin allows exactly the origins given', async () => {
  const closed = await pointwiseServer();
  try {
    const reply = await closed.app.inject({ url: '/v1/models', headers: { origin: 'http://app.example' } });
    assert.equal(reply.headers['access-control-allow-origin'], undefined);
  } finally {
    await closed.close();
  }
  const open = await pointwiseServer({ corsOrigin: ['http://app.example'] });
  try {
    const preflight = await open.app.inject({ method: 'OPTIONS', url: '/v1/segment', headers: { origin: 'http://app.example', 'access-control-request-method': 'POST' } });
    assert.equal(preflight.headers['access-control-allow-origin'], 'http://app.example');
    const other = await open.app.inject({ url: '/v1/models', headers: { origin: 'http://evil.example' } });
    assert.notEqual(other.headers['access-control-allow-origin'], 'http://evil.example');
  } finally {
    await open.close();
  }
});
