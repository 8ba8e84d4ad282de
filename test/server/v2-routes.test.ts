import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import type { SemsegServer } from '../../src/server/create-server.js';
import { halfRedPng, pointwiseServer, scriptedServer } from './helpers.js';

let server: SemsegServer;
before(async () => {
  server = await pointwiseServer();
});
after(() => server.close());

/** The Open Inference Protocol's binary form: JSON header, then each tensor's raw bytes. */
function binaryRequest(header: object, blobs: Uint8Array[]) {
  const json = Buffer.from(JSON.stringify(header));
  return { payload: Buffer.concat([json, ...blobs]), headers: { 'inference-header-content-length': String(json.length), 'content-type': 'application/octet-stream' } };
}

/** Splits a binary response into its JSON header and its blobs, as a client does. */
function readBinaryResponse(body: Buffer, headerLength: number) {
  const header = JSON.parse(body.subarray(0, headerLength).toString()) as { outputs: { name: string; datatype: string; shape: number[]; parameters?: { binary_data_size?: number } }[] };
  let offset = headerLength;
  const blobs = header.outputs.map((o) => {
    const size = o.parameters!.binary_data_size!;
    const blob = body.subarray(offset, offset + size);
    offset += size;
    return blob;
  });
  assert.equal(offset, body.length);
  return { header, blobs };
}

test('health, server metadata, model metadata and readiness', async () => {
  assert.deepEqual((await server.app.inject({ url: '/v2/health/live' })).json(), { live: true });
  assert.deepEqual((await server.app.inject({ url: '/v2/health/ready' })).json(), { ready: true });
  const meta = (await server.app.inject({ url: '/v2' })).json();
  assert.equal(meta.name, 'semseg');
  assert.ok(meta.extensions.includes('binary_tensor_data'));
  const model = (await server.app.inject({ url: '/v2/models/pointwise' })).json();
  assert.equal(model.platform, 'onnxruntime_onnx');
  assert.deepEqual(model.inputs, [{ name: 'image', datatype: 'UINT8', shape: [-1, -1, 3] }]);
  assert.deepEqual(model.outputs.map((o: { name: string }) => o.name), ['labels', 'confidence']);
  assert.deepEqual((await server.app.inject({ url: '/v2/models/pointwise/ready' })).json(), { name: 'pointwise', ready: true });
  const missing = await server.app.inject({ url: '/v2/models/nope' });
  assert.equal(missing.statusCode, 404);
  assert.equal(typeof missing.json().error, 'string');
});

test('the documented JSON request shape, with an image tensor: labels as JSON', async () => {
  const data = [255, 0, 0, 0, 0, 0, 0, 255, 0, 0, 0, 255];
  const request = { id: '42', inputs: [{ name: 'image', shape: [2, 2, 3], datatype: 'UINT8', data }], outputs: [{ name: 'labels' }] };
  const reply = await server.app.inject({ method: 'POST', url: '/v2/models/pointwise/infer', payload: request });
  assert.equal(reply.statusCode, 200, reply.body);
  const body = reply.json();
  assert.equal(body.id, '42');
  assert.equal(body.model_name, 'pointwise');
  assert.deepEqual(body.outputs.map((o: { name: string; datatype: string; shape: number[] }) => [o.name, o.datatype, o.shape]), [['labels', 'UINT8', [2, 2]]]);
  // the same pixels through /v1 give the same labels
  const direct = await server.app.inject({ method: 'POST', url: '/v2/models/pointwise/versions/' + (await server.app.inject({ url: '/v2/models/pointwise' })).json().versions[0] + '/infer', payload: request });
  assert.deepEqual(direct.json().outputs[0].data, body.outputs[0].data);
});

test('binary tensor data extension: binary image in, binary labels and FP32 confidence out', async () => {
  const width = 4;
  const height = 3;
  const pixels = new Uint8Array(width * height * 3).map((_, i) => (i * 37) % 256);
  const { payload, headers } = binaryRequest(
    { inputs: [{ name: 'image', shape: [height, width, 3], datatype: 'UINT8', parameters: { binary_data_size: pixels.length } }], outputs: [{ name: 'labels', parameters: { binary_data: true } }, { name: 'confidence', parameters: { binary_data: true } }] },
    [pixels],
  );
  const reply = await server.app.inject({ method: 'POST', url: '/v2/models/pointwise/infer', payload, headers });
  assert.equal(reply.statusCode, 200, reply.body);
  const { header, blobs } = readBinaryResponse(reply.rawPayload, Number(reply.headers['inference-header-content-length']));
  assert.deepEqual(header.outputs.map((o) => [o.name, o.datatype, o.shape]), [['labels', 'UINT8', [height, width]], ['confidence', 'FP32', [height, width]]]);
  assert.equal(blobs[0].length, width * height);
  const confidence = new Float32Array(blobs[1].buffer.slice(blobs[1].byteOffset, blobs[1].byteOffset + blobs[1].length));
  for (const c of confidence) assert.ok(c > 0.2 && c <= 1);
});

test('a BYTES tensor holding a PNG (binary, length-prefixed) gives the same labels as /v1/segment', async () => {
  const png = await halfRedPng(12, 8);
  const element = Buffer.concat([Buffer.from(new Uint32Array([png.length]).buffer), png]);
  const { payload, headers } = binaryRequest({ inputs: [{ name: 'image', shape: [1], datatype: 'BYTES', parameters: { binary_data_size: element.length } }], parameters: { binary_data_output: true } }, [element]);
  const reply = await server.app.inject({ method: 'POST', url: '/v2/models/pointwise/infer', payload, headers });
  assert.equal(reply.statusCode, 200, reply.body);
  const { blobs } = readBinaryResponse(reply.rawPayload, Number(reply.headers['inference-header-content-length']));
  const counts = new Array(5).fill(0);
  for (const v of blobs[0]) counts[v]++;
  const v1 = (await server.app.inject({ method: 'POST', url: '/v1/segment', payload: png })).json();
  assert.deepEqual(counts, v1.classes.map((c: { pixels: number }) => c.pixels));
});

test('errors answer {"error": "..."} with the status of their code', async () => {
  const bad = await server.app.inject({ method: 'POST', url: '/v2/models/pointwise/infer', payload: { inputs: [{ name: 'image', shape: [2, 2, 3], datatype: 'UINT8', data: [1, 2, 3] }] } });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().error, /^Expected /);
  const notJson = await server.app.inject({ method: 'POST', url: '/v2/models/pointwise/infer', payload: 'nope', headers: { 'content-type': 'application/json' } });
  assert.equal(notJson.statusCode, 400);
  const wrongVersion = await server.app.inject({ method: 'POST', url: '/v2/models/pointwise/versions/999/infer', payload: {} });
  assert.equal(wrongVersion.statusCode, 404);
  assert.equal(typeof wrongVersion.json().error, 'string');
});

test('the v2 infer route shares admission and timeouts with /v1 (429 and 504)', async () => {
  const scripted = await scriptedServer({ maxQueue: 0, timeoutMs: 1000 });
  try {
    const tensor = (width: number) => ({ inputs: [{ name: 'image', shape: [2, width, 3], datatype: 'UINT8', data: new Array(2 * width * 3).fill(200) }] });
    const [slow, refused] = await Promise.all([
      scripted.app.inject({ method: 'POST', url: '/v2/models/scripted/infer', payload: tensor(62) }),
      (async () => {
        while (scripted.context.admission.inFlight < 1) await new Promise((r) => setTimeout(r, 5));
      })().then(() => scripted.app.inject({ method: 'POST', url: '/v2/models/scripted/infer', payload: tensor(20) })),
    ]);
    assert.equal(slow.statusCode, 504);
    assert.equal(refused.statusCode, 429);
    assert.equal(typeof refused.json().error, 'string');
  } finally {
    await scripted.close();
  }
});
