import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readOnnxModel } from '../../src/models/onnx/reader.js';
import { writeOnnxModel } from '../../src/models/onnx/writer.js';
import { decodeFields, encodeFields, fieldInts, varintField } from '../../src/models/onnx/wire.js';
import { encodeOnnxModel } from '../../src/models/onnx/model-writer.js';
import { SemsegError } from '../../src/core/errors.js';
import { repoRoot } from '../helpers/paths.js';

for (const name of ['street', 'person', 'membrane', 'vegetation', 'ndvi']) {
  test(`read + write of the embedded ${name} model gives its bytes back`, () => {
    const bytes = new Uint8Array(readFileSync(join(repoRoot, 'models', name, 'model.onnx')));
    const model = readOnnxModel(bytes, name);
    assert.ok(model.graph.nodes.length > 0);
    assert.deepEqual(writeOnnxModel(model), bytes);
  });
}

test('the reader sees the nodes, initializers and opset that the writer put in', () => {
  const bytes = encodeOnnxModel({
    irVersion: 8, opsetVersion: 17, producerName: 'test', producerVersion: '1',
    graph: {
      name: 'g',
      nodes: [{ opType: 'Mul', name: 'mul', inputs: ['x', 'two'], outputs: ['y'], attributes: { axis: 1 } }],
      initializers: [{ name: 'two', dims: [1, 2], dataType: 1, data: Float32Array.of(2, 3) }],
      inputs: [{ name: 'x', dataType: 1, dims: ['n', 2] }],
      outputs: [{ name: 'y', dataType: 1, dims: ['n', 2] }],
    },
  });
  const model = readOnnxModel(bytes);
  assert.equal(model.irVersion, 8);
  assert.equal(model.opsets[0].version, 17);
  assert.deepEqual(model.graph.nodes.map((n) => [n.opType, n.name, n.inputs, n.outputs]), [['Mul', 'mul', ['x', 'two'], ['y']]]);
  assert.deepEqual(model.graph.initializers.map((t) => [t.name, t.dims, t.dataType]), [['two', [1, 2], 1]]);
  assert.deepEqual(model.graph.inputs.map((i) => i.name), ['x']);
  // The writer packs dims; re-encoding keeps the field order, so the bytes still match.
  assert.deepEqual(writeOnnxModel(model).length, bytes.length);
});

test('repeated ints read the same packed and unpacked; negative varints survive', () => {
  const unpacked = encodeFields([varintField(1, 3), varintField(1, -1), varintField(1, 300)]);
  assert.deepEqual(fieldInts(decodeFields(unpacked), 1), [3, -1, 300]);
  assert.deepEqual(encodeFields(decodeFields(unpacked)), unpacked);
});

test('bytes that are not a ModelProto fail with MODEL_LOAD_FAILED', () => {
  for (const bytes of [new TextEncoder().encode('{"not": "onnx"}'), Uint8Array.of(0x0a, 0x7f, 1), new Uint8Array(0)]) {
    assert.throws(() => readOnnxModel(bytes, 'junk'), (error: unknown) => error instanceof SemsegError && error.code === 'MODEL_LOAD_FAILED' && /junk/.test(error.message));
  }
});
