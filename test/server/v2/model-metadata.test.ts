import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modelCardSchema } from '../../../src/models/card-schema.js';
import { availableOutputs, modelMetadata, modelReady, serverMetadata } from '../../../src/server/v2/model-metadata.js';

const classes = (n: number) => Array.from({ length: n }, (_, id) => ({ id, name: `c${id}`, color: [id % 256, 0, 0] }));

test('model metadata: the image input, labels and confidence outputs, dynamic sizes as -1', () => {
  const card = modelCardSchema.parse({ name: 'camvid-unet', version: '3', classes: classes(12) });
  assert.deepEqual(modelMetadata(card), {
    name: 'camvid-unet',
    versions: ['3'],
    platform: 'onnxruntime_onnx',
    inputs: [{ name: 'image', datatype: 'UINT8', shape: [-1, -1, 3] }],
    outputs: [
      { name: 'labels', datatype: 'UINT8', shape: [-1, -1] },
      { name: 'confidence', datatype: 'FP32', shape: [-1, -1] },
    ],
  });
  const fixed = modelCardSchema.parse({ name: 'f', classes: classes(2), input: { size: { mode: 'fixed', width: 256, height: 256 }, resize: 'stretch' } });
  assert.deepEqual(modelMetadata(fixed).inputs[0].shape, [-1, -1, 3], 'semseg resizes, so any image size is taken');
});

test('more than 256 classes give UINT16 labels; models that output ids have no confidence', () => {
  const ade = modelCardSchema.parse({ name: 'many', classes: classes(300) });
  assert.equal(modelMetadata(ade).outputs[0].datatype, 'UINT16');
  const ids = modelCardSchema.parse({ name: 'ids', classes: classes(3), output: { kind: 'labels' } });
  assert.deepEqual(availableOutputs(ids), ['labels']);
  assert.deepEqual(modelMetadata(ids).outputs.map((o) => o.name), ['labels']);
});

test('server metadata names the binary tensor extension; model ready echoes the name', () => {
  assert.deepEqual(serverMetadata('0.1.0'), { name: 'semseg', version: '0.1.0', extensions: ['binary_tensor_data'] });
  assert.deepEqual(modelReady('m', false), { name: 'm', ready: false });
});
