import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SemsegServer } from '../../src/server/create-server.js';
import { errorOf, forgedSizePng, halfRedPng, pointwiseOnnx, pointwiseServer } from './helpers.js';
import { inferenceFixtures } from '../inference/helpers.js';

let server: SemsegServer;
before(async () => {
  server = await pointwiseServer({ maxBodyBytes: 64 * 1024, maxPixels: 1_000_000, bodyTimeoutMs: 400 });
});
after(() => server.close());

test('a zero-byte body is 400', async () => {
  const reply = await server.app.inject({ method: 'POST', url: '/v1/segment', payload: Buffer.alloc(0), headers: { 'content-type': 'image/png' } });
  assert.equal(reply.statusCode, 400);
  assert.match(errorOf(reply.body).message, /received 0 bytes/);
});

test('a body over --max-body-bytes is 413, declared or not', async () => {
  const big = Buffer.alloc(100 * 1024, 7);
  const declared = await server.app.inject({ method: 'POST', url: '/v1/segment', payload: big });
  assert.equal(declared.statusCode, 413);
  assert.equal(errorOf(declared.body).code, 'BODY_TOO_LARGE');
  assert.equal(declared.headers.connection, 'close');
});

test('a header declaring 100000 x 100000 pixels is 413 before any decoding', async () => {
  const reply = await server.app.inject({ method: 'POST', url: '/v1/segment', payload: await forgedSizePng(100_000, 100_000) });
  assert.equal(reply.statusCode, 413);
  assert.equal(errorOf(reply.body).code, 'IMAGE_TOO_LARGE');
});

test('content is sniffed, not trusted from Content-Type: text sent as image/png is 415; a PNG sent as text/plain works', async () => {
  const text = await server.app.inject({ method: 'POST', url: '/v1/segment', payload: 'hello, not an image', headers: { 'content-type': 'image/png' } });
  assert.equal(text.statusCode, 415);
  assert.equal(errorOf(text.body).code, 'DECODE_FAILED');
  const json = await server.app.inject({ method: 'POST', url: '/v1/segment', payload: '{"a":1}', headers: { 'content-type': 'application/json' } });
  assert.equal(json.statusCode, 415);
  const png = await server.app.inject({ method: 'POST', url: '/v1/segment', payload: await halfRedPng(8, 8), headers: { 'content-type': 'text/plain' } });
  assert.equal(png.statusCode, 200);
});

test('malformed multipart is 400 and a multipart body without a file is 400', async () => {
  const broken = await server.app.inject({
    method: 'POST',
    url: '/v1/segment',
    payload: '--b\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\n\r\nunterminated',
    headers: { 'content-type': 'multipart/form-data; boundary=b' },
  });
  assert.equal(broken.statusCode, 400, broken.body);
  const noFile = await server.app.inject({
    method: 'POST',
    url: '/v1/segment',
    payload: '--b\r\nContent-Disposition: form-data; name="note"\r\n\r\nhi\r\n--b--\r\n',
    headers: { 'content-type': 'multipart/form-data; boundary=b' },
  });
  assert.equal(noFile.statusCode, 400, noFile.body);
  assert.match(errorOf(noFile.body).message, /one file part/);
});

test('a body that arrives too slowly is 408 (real socket)', async () => {
  const address = new URL(await server.listen());
  const answer = await new Promise<string>((resolve, reject) => {
    const socket = connect(Number(address.port), address.hostname);
    let text = '';
    socket.on('data', (d) => (text += d));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
    socket.write('POST /v1/segment HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\nContent-Length: 1000\r\n\r\n');
    socket.write(Buffer.alloc(10));
    const trickle = setInterval(() => socket.writable && socket.write(Buffer.alloc(1)), 100);
    socket.on('close', () => clearInterval(trickle));
  });
  assert.match(answer, /^HTTP\/1.1 408/);
  assert.match(answer, /"code":"BODY_TIMEOUT"/);
});

test('a failed reload keeps the old version serving; a good one takes over with a new generation', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'semseg-reload-'));
  await cp(pointwiseOnnx, join(folder, 'model.onnx'));
  const card = JSON.parse(await readFile(join(inferenceFixtures, 'pointwise.card.json'), 'utf8'));
  await writeFile(join(folder, 'card.json'), JSON.stringify({ ...card, version: '1.0.0' }));
  const reloading = await pointwiseServer({ models: [folder] });
  try {
    const png = await halfRedPng(8, 8);
    await writeFile(join(folder, 'model.onnx'), 'not a model');
    const failed = await reloading.app.inject({ method: 'POST', url: '/v1/models/pointwise/reload' });
    assert.equal(failed.statusCode, 422, failed.body);
    assert.equal(errorOf(failed.body).code, 'MODEL_LOAD_FAILED');
    const still = await reloading.app.inject({ method: 'POST', url: '/v1/segment', payload: png });
    assert.equal(still.statusCode, 200);
    assert.equal(still.json().model.generation, 1);

    await cp(pointwiseOnnx, join(folder, 'model.onnx'));
    await writeFile(join(folder, 'card.json'), JSON.stringify({ ...card, version: '1.1.0' }));
    const inFlight = reloading.app.inject({ method: 'POST', url: '/v1/segment', payload: png });
    const ok = await reloading.app.inject({ method: 'POST', url: '/v1/models/pointwise/reload' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().generation, 2);
    assert.equal((await inFlight).statusCode, 200);
    const after = (await reloading.app.inject({ method: 'POST', url: '/v1/segment', payload: png })).json();
    assert.deepEqual([after.model.version, after.model.generation], ['1.1.0', 2]);
    const metrics = (await reloading.app.inject({ url: '/metrics' })).body;
    assert.match(metrics, /semseg_model_reloads_total\{model="pointwise",result="failed"\} 1/);
    assert.match(metrics, /semseg_model_reloads_total\{model="pointwise",result="loaded"\} 1/);
  } finally {
    await reloading.close();
    await rm(folder, { recursive: true, force: true });
  }
});
