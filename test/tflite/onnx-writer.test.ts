import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { encodeOnnxModel, OnnxDataType } from '../../src/models/onnx/model-writer.js';
import { ProtobufWriter } from '../../src/models/onnx/protobuf-writer.js';

test('protobuf varints: small, multi-byte and negative (64-bit two\'s complement)', () => {
  assert.deepEqual([...new ProtobufWriter().int(1, 1).finish()], [0x08, 0x01]);
  assert.deepEqual([...new ProtobufWriter().int(2, 300).finish()], [0x10, 0xac, 0x02]);
  assert.deepEqual([...new ProtobufWriter().int(1, -1).finish()], [0x08, ...new Array(9).fill(0xff), 0x01]);
  assert.deepEqual([...new ProtobufWriter().string(3, 'hi').finish()], [0x1a, 0x02, 0x68, 0x69]);
  assert.deepEqual([...new ProtobufWriter().float(2, 1).finish()], [0x15, 0x00, 0x00, 0x80, 0x3f]);
});

test('a written model loads in onnxruntime: initializers, negative INTS, FLOAT and STRING attributes', async () => {
  const onnx = encodeOnnxModel({
    irVersion: 8,
    opsetVersion: 17,
    producerName: 'test',
    producerVersion: '1',
    metadata: { purpose: 'writer test' },
    graph: {
      name: 'g',
      nodes: [
        { opType: 'Add', name: 'add', inputs: ['x', 'shift'], outputs: ['shifted'] },
        { opType: 'ReduceMean', name: 'mean', inputs: ['shifted'], outputs: ['mean'], attributes: { axes: [-1], keepdims: 1 } },
        { opType: 'LeakyRelu', name: 'leaky', inputs: ['mean'], outputs: ['leaky'], attributes: { alpha: { float: 0.25 } } },
        { opType: 'Resize', name: 'resize', inputs: ['leaky', '', '', 'sizes'], outputs: ['y'], attributes: { mode: 'nearest' } },
      ],
      initializers: [
        { name: 'shift', dims: [1, 3], dataType: OnnxDataType.FLOAT, data: Float32Array.of(-2, -3, -4) },
        { name: 'sizes', dims: [2], dataType: OnnxDataType.INT64, data: BigInt64Array.of(2n, 2n) },
      ],
      inputs: [{ name: 'x', dataType: OnnxDataType.FLOAT, dims: [2, 3] }],
      outputs: [{ name: 'y', dataType: OnnxDataType.FLOAT, dims: [2, 2] }],
    },
  });
  const session = await ort.InferenceSession.create(onnx);
  const { y } = await session.run({ x: new ort.Tensor('float32', Float32Array.of(1, 2, 3, 10, 11, 12), [2, 3]) });
  await session.release();
  // Row means after the shift: -1 and 8; LeakyRelu scales the negative one by 0.25; Resize repeats each row.
  assert.deepEqual(y.dims, [2, 2]);
  assert.deepEqual([...(y.data as Float32Array)], [-0.25, -0.25, 8, 8]);
});
