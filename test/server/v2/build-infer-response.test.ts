import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildInferResponse, checkJsonOutputs } from '../../../src/server/v2/build-infer-response.js';
import { chooseOutputs } from '../../../src/server/v2/requested-outputs.js';
import { parseInferRequest } from '../../../src/server/v2/parse-infer-request.js';
import { jsonNumbers } from '../../../src/server/v2/json-numbers.js';
import type { OutputName } from '../../../src/server/v2/types.js';
import { assertInvalid, jsonBody, readResponse } from './helpers.js';

const BOTH: OutputName[] = ['labels', 'confidence'];
const image = { name: 'image', datatype: 'UINT8', shape: [1, 1, 3], data: [1, 2, 3] };
const choose = (fields: Record<string, unknown>, available = BOTH) => chooseOutputs(parseInferRequest(jsonBody({ inputs: [image], ...fields })), available);

const result = {
  labels: Uint8Array.from([0, 1, 2, 2, 1, 0]),
  width: 3,
  height: 2,
  confidence: Float32Array.from([0.5, 0.9, 1, 0.25, 0.75, 0.125]),
};

test('outputs: all of the model\'s when none are named, JSON unless binary_data or binary_data_output says otherwise', () => {
  assert.deepEqual(choose({}), [{ name: 'labels', binary: false }, { name: 'confidence', binary: false }]);
  assert.deepEqual(choose({ outputs: [] }, ['labels']), [{ name: 'labels', binary: false }]);
  assert.deepEqual(choose({ parameters: { binary_data_output: true } }), [{ name: 'labels', binary: true }, { name: 'confidence', binary: true }]);
  assert.deepEqual(choose({ parameters: { binary_data_output: true }, outputs: [{ name: 'confidence', parameters: { binary_data: false } }, { name: 'labels' }] }), [
    { name: 'confidence', binary: false },
    { name: 'labels', binary: true },
  ]);
  assert.deepEqual(choose({ outputs: [{ name: 'labels', parameters: { binary_data: true } }] }), [{ name: 'labels', binary: true }]);
  const raw = parseInferRequest(Uint8Array.from([1, 2, 3]), { inferenceHeaderContentLength: '0' });
  assert.deepEqual(chooseOutputs(raw, BOTH), [{ name: 'labels', binary: true }, { name: 'confidence', binary: true }]);
  assertInvalid(() => choose({ outputs: [{ name: 'confidence' }] }, ['labels']), /^Expected an output of this model \(labels\) for outputs\[0\]\.name but received "confidence"$/);
  assertInvalid(() => choose({ outputs: [{ name: 'probabilities' }] }), /\(labels, confidence\) for outputs\[0\]\.name but received "probabilities"$/);
});

test('a JSON response carries the data arrays, the model and the request id', () => {
  const { body, headers } = buildInferResponse(result, { modelName: 'camvid', modelVersion: '2', id: '42', outputs: choose({}) });
  assert.deepEqual(headers, { 'content-type': 'application/json' });
  const parsed = JSON.parse(new TextDecoder().decode(body));
  assert.deepEqual(parsed, {
    model_name: 'camvid',
    model_version: '2',
    id: '42',
    outputs: [
      { name: 'labels', datatype: 'UINT8', shape: [2, 3], data: [0, 1, 2, 2, 1, 0] },
      { name: 'confidence', datatype: 'FP32', shape: [2, 3], data: [0.5, 0.899999976, 1, 0.25, 0.75, 0.125] },
    ],
  });
  assert.deepEqual(Float32Array.from(parsed.outputs[1].data), result.confidence, 'JSON floats read back as the same float32');
  const bare = JSON.parse(new TextDecoder().decode(buildInferResponse(result, { modelName: 'm', outputs: [{ name: 'labels', binary: false }] }).body));
  assert.deepEqual(Object.keys(bare), ['model_name', 'outputs'], 'no model_version or id when there are none');
});

test('round trip: a binary response read as a client reads it (JSON header, then blobs by binary_data_size)', () => {
  const labels16 = Uint16Array.from([0, 300, 65535, 2, 1, 7]);
  const outputs = choose({ outputs: [{ name: 'confidence', parameters: { binary_data: true } }, { name: 'labels', parameters: { binary_data: true } }] });
  const { body, headers } = buildInferResponse({ ...result, labels: labels16 }, { modelName: 'ade', outputs, batched: true });
  assert.equal(headers['content-type'], 'application/octet-stream');
  const { header, outputs: read } = readResponse(body, headers);
  assert.equal(Number(headers['inference-header-content-length']), body.length - 24 - 12);
  assert.equal(header.model_name, 'ade');
  const [confidence, labels] = read;
  assert.deepEqual([confidence.name, confidence.datatype, confidence.shape, confidence.parameters], ['confidence', 'FP32', [1, 2, 3], { binary_data_size: 24 }]);
  assert.deepEqual([labels.name, labels.datatype, labels.shape, labels.parameters], ['labels', 'UINT16', [1, 2, 3], { binary_data_size: 12 }]);
  assert.equal(confidence.data, undefined);
  const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.length);
  assert.deepEqual(Array.from({ length: 6 }, (_, i) => view(confidence.bytes!).getFloat32(4 * i, true)), Array.from(result.confidence));
  assert.deepEqual(Array.from({ length: 6 }, (_, i) => view(labels.bytes!).getUint16(2 * i, true)), Array.from(labels16));
  // Mixed: one output as JSON, the other binary.
  const mixed = buildInferResponse(result, { modelName: 'm', outputs: [{ name: 'labels', binary: false }, { name: 'confidence', binary: true }] });
  const back = readResponse(mixed.body, mixed.headers);
  assert.deepEqual(back.outputs[0].data, [0, 1, 2, 2, 1, 0]);
  assert.deepEqual(new Float32Array(back.outputs[1].bytes!.slice().buffer), result.confidence);
});

test('JSON numbers: label ids as they are, float32 values that parse back to the same float32', () => {
  const text = (values: Uint8Array | Uint16Array | Float32Array) => new TextDecoder().decode(jsonNumbers(values));
  assert.equal(text(Uint16Array.from([0, 9, 10, 99, 100, 65535])), '0,9,10,99,100,65535');
  assert.equal(text(new Uint8Array(0)), '');
  const special = Float32Array.from([0, -0, 1, 0.1, 0.5, 1e-7, 1e-6, 2e-6, 0.9999999, 0.099999994, 2.5, -1, 3.4e38, 1e-45, 0.3]);
  assert.equal(text(special.subarray(0, 5)), '0,0,1,0.100000001,0.5');
  const rand = (() => {
    let s = 12345;
    return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  })();
  const values = Float32Array.from({ length: 20000 }, (_, i) => (i % 3 === 0 ? rand() : i % 3 === 1 ? rand() ** 8 : 1 - rand() * 1e-6));
  for (const set of [special, values]) {
    const back = Float32Array.from(JSON.parse(`[${text(set)}]`) as number[]);
    assert.deepEqual(back, set.map((v) => (Object.is(v, -0) ? 0 : v)));
  }
});

test('JSON outputs of big images, missing confidence and non-finite values are refused', () => {
  assertInvalid(() => checkJsonOutputs([{ name: 'labels', binary: true }, { name: 'confidence', binary: false }], 3000, 2000), /^Expected binary_data: true \(or binary_data_output\) for outputs of images over 4194304 pixels for outputs confidence but received "JSON for a 3000x2000 image"$/);
  checkJsonOutputs([{ name: 'labels', binary: true }], 3000, 2000);
  assertInvalid(() => buildInferResponse(result, { modelName: 'm', outputs: choose({}), maxJsonElements: 5 }), /images over 5 pixels for outputs labels/);
  assertInvalid(() => buildInferResponse({ ...result, confidence: undefined }, { modelName: 'm', outputs: choose({}) }), /confidence values for output confidence but received none/, 'INTERNAL');
  const nan = { ...result, confidence: Float32Array.from([0.5, NaN, 1, 1, 1, 1]) };
  assertInvalid(() => buildInferResponse(nan, { modelName: 'm', outputs: choose({}) }), /^Expected finite values for output confidence in JSON but received NaN at element 1/, 'OUTPUT_FAILED');
  assert.equal(buildInferResponse(nan, { modelName: 'm', outputs: [{ name: 'confidence', binary: true }] }).body.length > 24, true);
});
