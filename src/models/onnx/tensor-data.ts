/** TensorProto payloads: float32 values of an initializer, and new initializers built from typed arrays. */
import { SemsegError } from '../../core/errors.js';
import { TENSOR_TYPE_NAMES, TensorType, type ProtoTensor } from './proto-types.js';
import { bytesField, decodeFields, encodeFields, stringField, varintField } from './wire.js';

export type TensorValues = Float32Array | Uint8Array | Int8Array | Int32Array | Uint16Array | BigInt64Array;

/** The float32 values of an initializer (raw_data or float_data); other types and external data are refused. */
export function floatValues(tensor: ProtoTensor): Float32Array {
  if (tensor.dataType !== TensorType.FLOAT) {
    throw new SemsegError('MODEL_MISMATCH', `Expected a float32 initializer for ${tensor.name} but received ${TENSOR_TYPE_NAMES[tensor.dataType] ?? `type ${tensor.dataType}`}`);
  }
  const fields = decodeFields(tensor.encoded);
  if (fields.some((f) => f.field === 14 && f.value === 1n)) {
    throw new SemsegError('MODEL_MISMATCH', `Expected initializer ${tensor.name} inside the ONNX file but it is stored as external data`);
  }
  const count = tensor.dims.reduce((a, b) => a * b, 1);
  const raw = fields.find((f) => f.field === 9);
  if (raw && raw.value instanceof Uint8Array) {
    const copy = raw.value.slice();
    return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
  }
  const packed = fields.filter((f) => f.field === 4);
  const out = new Float32Array(count);
  let at = 0;
  for (const f of packed) {
    const bytes = f.value instanceof Uint8Array ? f.value : new Uint8Array(0);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i + 4 <= bytes.length && at < count; i += 4) out[at++] = view.getFloat32(i, true);
  }
  return out;
}

/** A new initializer with `raw_data` (little-endian, as every supported platform stores typed arrays). */
export function buildTensor(name: string, dims: number[], dataType: number, values: TensorValues): ProtoTensor {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const encoded = encodeFields([...dims.map((d) => varintField(1, d)), varintField(2, dataType), stringField(8, name), bytesField(9, bytes)]);
  return { name, dims, dataType, encoded };
}
