/** Builds the tflite-tiny fixture's .tflite file from the weights tools/families/tflite_tiny.py trained. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTflite, type SyntheticTensor } from '../tflite/synthetic-tflite.js';

interface ConvLayer {
  weightShape: [number, number, number, number];
  weightOffset: number;
  biasOffset: number;
  stride: number;
  relu: boolean;
}

export interface TfliteSpec {
  input: [number, number, number, number];
  weights: string;
  layers: ConvLayer[];
}

const CONV_2D = 3;
const SAME = { byte: 0 };

/** A chain of CONV_2D operators (SAME padding, optional fused RELU), NHWC float32 in and out. */
export function buildTinyTflite(folder: string, spec: TfliteSpec): Uint8Array {
  const bytes = readFileSync(join(folder, spec.weights));
  const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const tensors: SyntheticTensor[] = [{ name: 'input', shape: spec.input }];
  const operators = [];
  let [, height, width] = spec.input;
  let current = 0;
  for (const [index, layer] of spec.layers.entries()) {
    const [out, kh, kw, cin] = layer.weightShape;
    height = Math.ceil(height / layer.stride);
    width = Math.ceil(width / layer.stride);
    const weight = floats.slice(layer.weightOffset, layer.weightOffset + out * kh * kw * cin);
    const bias = floats.slice(layer.biasOffset, layer.biasOffset + out);
    tensors.push({ name: `w${index}`, shape: layer.weightShape, data: weight }, { name: `b${index}`, shape: [out], data: bias });
    tensors.push({ name: index === spec.layers.length - 1 ? 'output' : `x${index}`, shape: [1, height, width, out] });
    const [w, b, y] = [tensors.length - 3, tensors.length - 2, tensors.length - 1];
    operators.push({ builtin: CONV_2D, inputs: [current, w, b], outputs: [y], options: { 0: SAME, 1: layer.stride, 2: layer.stride, 3: { byte: layer.relu ? 1 : 0 } } });
    current = y;
  }
  return buildTflite({ tensors, inputs: [0], outputs: [current], operators });
}
