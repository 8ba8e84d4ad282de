/**
 * Float weights as a graph holds them: a float32 initializer, or a float16 initializer behind Cast(to=float), the
 * form of models that were stored in half precision (the street model is). Editors replace the tensor and drop
 * the Cast.
 */
import { intAttributeOf } from '../models/onnx/attributes.js';
import type { ProtoGraph, ProtoNode, ProtoTensor } from '../models/onnx/proto-types.js';
import { TensorType } from '../models/onnx/proto-types.js';
import { floatValues } from '../models/onnx/tensor-data.js';
import { decodeFields } from '../models/onnx/wire.js';
import { halvesToFloats } from './half.js';

export interface FloatConstant {
  dims: number[];
  /** The initializer that holds the values, and the Cast between it and the tensor when it is float16. */
  initializer: ProtoTensor;
  cast?: ProtoNode;
}

function halfValues(tensor: ProtoTensor): Float32Array {
  const fields = decodeFields(tensor.encoded);
  const raw = fields.find((f) => f.field === 9);
  if (raw && raw.value instanceof Uint8Array) {
    const copy = raw.value.slice();
    return halvesToFloats(new Uint16Array(copy.buffer, 0, copy.byteLength / 2));
  }
  // float16 without raw_data sits in int32_data, one value per element.
  const ints = fields.filter((f) => f.field === 5).flatMap((f) => (typeof f.value === 'bigint' ? [Number(f.value)] : [...decodeVarints(f.value)]));
  return halvesToFloats(Uint16Array.from(ints));
}

function* decodeVarints(bytes: Uint8Array): Generator<number> {
  let value = 0;
  let shift = 0;
  for (const byte of bytes) {
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) {
      yield value;
      value = 0;
      shift = 0;
    } else shift += 7;
  }
}

export function constantValues(constant: FloatConstant): Float32Array {
  return constant.cast ? halfValues(constant.initializer) : floatValues(constant.initializer);
}

/** Every float constant of the graph by the name its consumers read. */
export function floatConstants(graph: ProtoGraph): Map<string, FloatConstant> {
  const constants = new Map<string, FloatConstant>();
  const initializers = new Map(graph.initializers.map((t) => [t.name, t]));
  for (const t of graph.initializers) if (t.dataType === TensorType.FLOAT) constants.set(t.name, { dims: t.dims, initializer: t });
  for (const node of graph.nodes) {
    const source = initializers.get(node.inputs[0]);
    if (node.opType !== 'Cast' || source?.dataType !== TensorType.FLOAT16 || intAttributeOf(node.attributes, 'to', 0) !== TensorType.FLOAT) continue;
    constants.set(node.outputs[0], { dims: source.dims, initializer: source, cast: node });
  }
  return constants;
}
