/** Builds small TFLite flatbuffers for tests (field ids as in tensorflow/lite/schema/schema.fbs). */
import { Builder } from 'flatbuffers';

export interface SyntheticTensor {
  name: string;
  shape: number[];
  /** TensorType: 0 float32 (default), 1 float16, 2 int32, 9 int8. */
  type?: number;
  /** Constant contents; float32 unless `type` says otherwise. */
  data?: Float32Array | Int32Array | Uint16Array;
  /** Adds quantization scales. */
  quantized?: boolean;
}

export interface SyntheticOperator {
  /** Builtin code written to both fields (the byte one capped at 127, as new writers do). */
  builtin?: number;
  /** Only the deprecated byte field is written (old writers). */
  deprecatedOnly?: boolean;
  custom?: string;
  inputs: number[];
  outputs: number[];
  /** Builtin options: table fields by id; `byte` fields are int8, others int32. */
  options?: Record<number, number | { byte: number }>;
  customOptions?: Uint8Array;
}

export interface SyntheticModel {
  tensors: SyntheticTensor[];
  inputs: number[];
  outputs: number[];
  operators: SyntheticOperator[];
}

export function buildTflite(model: SyntheticModel): Uint8Array {
  const b = new Builder(1024);
  const vector = (values: number[]) => {
    b.startVector(4, values.length, 4);
    for (let i = values.length - 1; i >= 0; i -= 1) b.addInt32(values[i]);
    return b.endVector();
  };
  const tables = (offsets: number[]) => {
    b.startVector(4, offsets.length, 4);
    for (let i = offsets.length - 1; i >= 0; i -= 1) b.addOffset(offsets[i]);
    return b.endVector();
  };

  const buffers = [emptyTable(b)];
  const tensors = model.tensors.map((tensor) => {
    let bufferIndex = 0;
    if (tensor.data) {
      const bytes = new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
      const data = b.createByteVector(bytes);
      b.startObject(1);
      b.addFieldOffset(0, data, 0);
      buffers.push(b.endObject());
      bufferIndex = buffers.length - 1;
    }
    const name = b.createString(tensor.name);
    const shape = vector(tensor.shape);
    let quantization = 0;
    if (tensor.quantized) {
      b.startVector(4, 1, 4);
      b.addFloat32(0.5);
      const scale = b.endVector();
      b.startObject(3);
      b.addFieldOffset(2, scale, 0);
      quantization = b.endObject();
    }
    b.startObject(5);
    b.addFieldOffset(0, shape, 0);
    b.addFieldInt8(1, tensor.type ?? 0, 0);
    b.addFieldInt32(2, bufferIndex, 0);
    b.addFieldOffset(3, name, 0);
    if (quantization) b.addFieldOffset(4, quantization, 0);
    return b.endObject();
  });

  const codes = model.operators.map((op) => {
    const custom = op.custom === undefined ? 0 : b.createString(op.custom);
    const builtin = op.custom === undefined ? op.builtin ?? 0 : 32;
    b.startObject(4);
    b.addFieldInt8(0, Math.min(builtin, 127), null);
    if (custom) b.addFieldOffset(1, custom, 0);
    b.addFieldInt32(2, 1, null);
    if (!op.deprecatedOnly) b.addFieldInt32(3, builtin, null);
    return b.endObject();
  });

  const operators = model.operators.map((op, index) => {
    let options = 0;
    if (op.options) {
      const fields = Object.entries(op.options);
      b.startObject(Math.max(...fields.map(([id]) => Number(id))) + 1);
      for (const [id, value] of fields) {
        if (typeof value === 'number') b.addFieldInt32(Number(id), value, null);
        else b.addFieldInt8(Number(id), value.byte, null);
      }
      options = b.endObject();
    }
    const customOptions = op.customOptions ? b.createByteVector(op.customOptions) : 0;
    const inputs = vector(op.inputs);
    const outputs = vector(op.outputs);
    b.startObject(6);
    b.addFieldInt32(0, index, null);
    b.addFieldOffset(1, inputs, 0);
    b.addFieldOffset(2, outputs, 0);
    if (options) {
      b.addFieldInt8(3, 1, 0);
      b.addFieldOffset(4, options, 0);
    }
    if (customOptions) b.addFieldOffset(5, customOptions, 0);
    return b.endObject();
  });

  const tensorVector = tables(tensors);
  const inputs = vector(model.inputs);
  const outputs = vector(model.outputs);
  const operatorVector = tables(operators);
  const subgraphName = b.createString('main');
  b.startObject(5);
  b.addFieldOffset(0, tensorVector, 0);
  b.addFieldOffset(1, inputs, 0);
  b.addFieldOffset(2, outputs, 0);
  b.addFieldOffset(3, operatorVector, 0);
  b.addFieldOffset(4, subgraphName, 0);
  const subgraph = b.endObject();

  const codeVector = tables(codes);
  const subgraphVector = tables([subgraph]);
  const bufferVector = tables(buffers);
  const description = b.createString('synthetic');
  b.startObject(5);
  b.addFieldInt32(0, 3, null);
  b.addFieldOffset(1, codeVector, 0);
  b.addFieldOffset(2, subgraphVector, 0);
  b.addFieldOffset(3, description, 0);
  b.addFieldOffset(4, bufferVector, 0);
  b.finish(b.endObject(), 'TFL3');
  return b.asUint8Array().slice();
}

function emptyTable(b: Builder): number {
  b.startObject(0);
  return b.endObject();
}
