import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SemsegError } from '../../src/core/errors.js';
import { importTflite } from '../../src/models/tflite/import.js';
import { buildTflite, type SyntheticTensor } from './synthetic-tflite.js';

const tensors: SyntheticTensor[] = [
  { name: 'x', shape: [1, 4, 4, 2] },
  { name: 'a', shape: [1, 4, 4, 2] },
  { name: 'b', shape: [1, 4, 4, 2] },
  { name: 'c', shape: [1, 4, 4, 2] },
  { name: 'y', shape: [1, 4, 4, 2] },
];

function unsupportedError(fn: () => unknown): SemsegError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof SemsegError);
    return error;
  }
  assert.fail('expected an error');
}

test('names every unsupported operator and where it is', () => {
  const bytes = buildTflite({
    tensors,
    inputs: [0],
    outputs: [4],
    operators: [
      { builtin: 25, inputs: [0], outputs: [1] }, // SOFTMAX
      { builtin: 19, inputs: [1], outputs: [2] }, // RELU (supported)
      { custom: 'MyFancyOp', inputs: [2], outputs: [3] },
      { builtin: 150, inputs: [3], outputs: [4] }, // GELU: a code above 127, only in builtin_code
    ],
  });
  const error = unsupportedError(() => importTflite(bytes));
  assert.equal(error.code, 'UNSUPPORTED_OPERATOR');
  assert.match(error.message, /^Expected operators the TFLite importer supports for model but received 3 /);
  assert.match(error.message, /SOFTMAX at operators\[0\] \(output "a"\)/);
  assert.match(error.message, /custom "MyFancyOp" at operators\[2\] \(output "c"\)/);
  assert.match(error.message, /GELU at operators\[3\] \(output "y"\)/);
  assert.doesNotMatch(error.message, /RELU at/);
  assert.match(error.message, /\(supported: .*CONV_2D.*custom:Convolution2DTransposeBias/);
});

test('reads the operator from deprecated_builtin_code when builtin_code is absent', () => {
  const bytes = buildTflite({
    tensors: tensors.slice(0, 2),
    inputs: [0],
    outputs: [1],
    operators: [{ builtin: 28, deprecatedOnly: true, inputs: [0], outputs: [1] }], // TANH, supported
  });
  assert.equal(importTflite(bytes).report.operators.TANH, 1);
});

test('reports an unsupported fused activation', () => {
  const bytes = buildTflite({
    tensors: [...tensors.slice(0, 2), { name: 'y', shape: [1, 4, 4, 2] }],
    inputs: [0],
    outputs: [2],
    operators: [{ builtin: 0, inputs: [0, 1], outputs: [2], options: { 0: { byte: 5 } } }], // ADD with SIGN_BIT
  });
  const error = unsupportedError(() => importTflite(bytes));
  assert.equal(error.code, 'UNSUPPORTED_OPERATOR');
  assert.match(error.message, /ADD at operators\[0\] \(output "y"\): fused activation 5/);
});

test('rejects quantized models', () => {
  const bytes = buildTflite({
    tensors: [{ name: 'x', shape: [1, 4, 4, 2], type: 9, quantized: true }, tensors[1]],
    inputs: [0],
    outputs: [1],
    operators: [{ builtin: 19, inputs: [0], outputs: [1] }],
  });
  const error = unsupportedError(() => importTflite(bytes));
  assert.equal(error.code, 'UNSUPPORTED_OPERATOR');
  assert.match(error.message, /quantized tensor "x"/);
});
