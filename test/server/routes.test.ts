import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { decode } from 'fast-png';
import { rleToMask } from '../../src/formats/coco-rle-decode.js';
import type { SemsegServer } from '../../src/server/create-server.js';
import { join } from 'node:path';
import { errorOf, halfRedPng, pointwiseOnnx, pointwiseServer } from './helpers.js';
import { inferenceFixtures } from '../inference/helpers.js';

const conv3Onnx = join(inferenceFixtures, 'conv3.onnx');

let server: SemsegServer;
before(async () => {
  server = await pointwiseServer();
});
after(() => server.close());

test('healthz answers; readyz says ready with the models', async () => {
  const live = await server.app.inject({ url: '/healthz' });
  assert.equal(live.statusCode, 200);
  const ready = await server.app.inject({ url: '/readyz' });
  assert.equal(ready.statusCode, 200);
  assert.deepEqual(ready.json(), { status: 'ready', models: ['pointwise'] });
});

test('GET /v1/models lists the models; /v1/models/:name gives the card; unknown names are 404', async () => {
  const list = (await server.app.inject({ url: '/v1/models' })).json();
  assert.equal(list.models[0].name, 'pointwise');
  assert.equal(list.models[0].classes, 5);
  const one = await server.app.inject({ url: '/v1/models/pointwise' });
  assert.equal(one.statusCode, 200);
  assert.equal(one.json().card.classes.length, 5);
  const missing = await server.app.inject({ url: '/v1/models/nope' });
  assert.equal(missing.statusCode, 404);
  assert.equal(errorOf(missing.body).code, 'MODEL_NOT_FOUND');
});

test('POST /v1/segment answers JSON with per-class pixels, shares, confidence, size, model and timings', async () => {
  const png = await halfRedPng(40, 30);
  const reply = await server.app.inject({ method: 'POST', url: '/v1/segment', payload: png, headers: { 'content-type': 'image/png' } });
  assert.equal(reply.statusCode, 200, reply.body);
  const body = reply.json();
  assert.deepEqual(body.image, { width: 40, height: 30 });
  assert.equal(body.model.name, 'pointwise');
  assert.equal(body.classes.reduce((sum: number, c: { pixels: number }) => sum + c.pixels, 0), 1200);
  assert.ok(Math.abs(body.classes.reduce((sum: number, c: { share: number }) => sum + c.share, 0) - 1) < 1e-9);
  for (const c of body.classes) if (c.pixels > 0) assert.ok(c.meanConfidence > 0 && c.meanConfidence <= 1);
  for (const key of ['decodeMs', 'inferenceMs', 'encodeMs', 'totalMs']) assert.equal(typeof body.timings[key], 'number');
  assert.equal(reply.headers['x-request-id'], body.requestId);
});

test('Accept: image/png gives the label map, whose pixel counts match the JSON', async () => {
  const png = await halfRedPng(40, 30);
  const json = (await server.app.inject({ method: 'POST', url: '/v1/segment', payload: png })).json();
  const reply = await server.app.inject({ method: 'POST', url: '/v1/segment', payload: png, headers: { accept: 'image/png' } });
  assert.equal(reply.headers['content-type'], 'image/png');
  const labels = decode(reply.rawPayload);
  assert.deepEqual([labels.width, labels.height, labels.channels], [40, 30, 1]);
  const counts = new Array(5).fill(0);
  for (const v of labels.data) counts[v]++;
  assert.deepEqual(counts, json.classes.map((c: { pixels: number }) => c.pixels));
});

test('outputs= chooses the overlay (JPEG) or JSON with the label map inside as base64 PNG', async () => {
  const png = await halfRedPng(32, 32);
  const overlay = await server.app.inject({ method: 'POST', url: '/v1/segment?outputs=overlay', payload: png });
  assert.equal(overlay.headers['content-type'], 'image/jpeg');
  assert.deepEqual([...overlay.rawPayload.subarray(0, 2)], [0xff, 0xd8]);
  const both = (await server.app.inject({ method: 'POST', url: '/v1/segment?outputs=json,labels', payload: png })).json();
  assert.equal(both.outputs.labels.mime, 'image/png');
  const meta = await sharp(Buffer.from(both.outputs.labels.base64, 'base64')).metadata();
  assert.deepEqual([meta.width, meta.height], [32, 32]);
});

test('a multipart upload works like a raw body, whatever Content-Type the part claims', async () => {
  const png = await halfRedPng(20, 20);
  const boundary = 'semsegboundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    png,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const reply = await server.app.inject({ method: 'POST', url: '/v1/segment', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
  assert.equal(reply.statusCode, 200, reply.body);
  assert.deepEqual(reply.json().image, { width: 20, height: 20 });
});

test('unknown routes are 404 in the one error shape; bad parameters are 400', async () => {
  const missing = await server.app.inject({ url: '/v1/nothing' });
  assert.equal(missing.statusCode, 404);
  assert.equal(errorOf(missing.body).code, 'NOT_FOUND');
  const png = await halfRedPng(8, 8);
  const bad = await server.app.inject({ method: 'POST', url: '/v1/segment?outputs=pdf', payload: png });
  assert.equal(bad.statusCode, 400);
  assert.match(errorOf(bad.body).message, /Expected a comma-separated list of json, labels/);
  const unknownModel = await server.app.inject({ method: 'POST', url: '/v1/segment?model=nope', payload: png });
  assert.equal(unknownModel.statusCode, 404);
});

test('/metrics counts requests by route, status and model, and shows pool and process figures', async () => {
  const text = (await server.app.inject({ url: '/metrics' })).body;
  assert.match(text, /semseg_http_requests_total\{route="\/v1\/segment",method="POST",status="200",model="pointwise"\} \d+/);
  assert.match(text, /semseg_http_request_duration_seconds_bucket\{le="0.005",route="\/v1\/segment",model="pointwise"\}/);
  assert.match(text, /semseg_inference_duration_seconds_count\{model="pointwise"\} \d+/);
  for (const name of ['semseg_queue_depth', 'semseg_worker_restarts_total', 'semseg_in_flight_requests', 'process_resident_memory_bytes']) assert.ok(text.includes(name), name);
});

test('outputs=json,rle adds one COCO RLE mask per present class, which together rebuild the label map', async () => {
  const png = await halfRedPng(24, 10);
  const body = (await server.app.inject({ method: 'POST', url: '/v1/segment?outputs=json,rle', payload: png })).json();
  const labels = decode((await server.app.inject({ method: 'POST', url: '/v1/segment?outputs=labels', payload: png })).rawPayload).data;
  const present = body.classes.filter((c: { pixels: number }) => c.pixels > 0);
  assert.deepEqual(body.masks.map((m: { classId: number }) => m.classId), present.map((c: { id: number }) => c.id));
  for (const mask of body.masks) {
    assert.deepEqual(mask.size, [10, 24]);
    assert.equal(typeof mask.counts, 'string');
    assert.equal(mask.area, present.find((c: { id: number }) => c.id === mask.classId).pixels);
    const bits = rleToMask(mask);
    for (let i = 0; i < labels.length; i++) assert.equal(bits[i], labels[i] === mask.classId ? 1 : 0);
  }
});

test('several models share one pool; each request runs the model it names', async () => {
  const two = await pointwiseServer({ models: [pointwiseOnnx, conv3Onnx] });
  try {
    assert.deepEqual((await two.app.inject({ url: '/v1/models' })).json().models.map((m: { name: string }) => m.name), ['pointwise', 'conv3']);
    const png = await halfRedPng(16, 16);
    for (const name of ['pointwise', 'conv3']) {
      const reply = await two.app.inject({ method: 'POST', url: `/v1/segment?model=${name}`, payload: png });
      assert.equal(reply.json().model.name, name);
    }
    assert.equal(two.context.pool.workers, 1);
  } finally {
    await two.close();
  }
});
