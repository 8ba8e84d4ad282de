/** Decoding of constant TFLite buffers and the layout moves between TFLite (NHWC, OHWI) and ONNX (NCHW, OIHW). */
import { TensorType, type TfliteTensor } from './model-reader.js';

/** NHWC axis order read as NCHW: ONNX axis i holds TFLite axis NHWC_TO_NCHW[i]. */
export const NHWC_TO_NCHW = [0, 3, 1, 2];

/** The ONNX (NCHW) position of a TFLite (NHWC) axis of a rank-4 tensor. */
export function nchwAxis(nhwcAxis: number): number {
  return NHWC_TO_NCHW.indexOf(nhwcAxis);
}

export function toNchwShape(shape: number[]): number[] {
  return shape.length === 4 ? NHWC_TO_NCHW.map((axis) => shape[axis]) : [...shape];
}

/** Float values of a FLOAT32 or FLOAT16 constant; undefined for other types. */
export function decodeFloats(tensor: TfliteTensor): Float32Array | undefined {
  const view = new DataView(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
  if (tensor.type === TensorType.FLOAT32) {
    return Float32Array.from({ length: view.byteLength / 4 }, (_, i) => view.getFloat32(4 * i, true));
  }
  if (tensor.type === TensorType.FLOAT16) {
    return Float32Array.from({ length: view.byteLength / 2 }, (_, i) => halfToFloat(view.getUint16(2 * i, true)));
  }
  return undefined;
}

/** Integer values of an INT32 or INT64 constant; undefined for other types. */
export function decodeInts(tensor: TfliteTensor): number[] | undefined {
  const view = new DataView(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
  if (tensor.type === TensorType.INT32) return Array.from({ length: view.byteLength / 4 }, (_, i) => view.getInt32(4 * i, true));
  if (tensor.type === TensorType.INT64) return Array.from({ length: view.byteLength / 8 }, (_, i) => Number(view.getBigInt64(8 * i, true)));
  return undefined;
}

/** IEEE 754 binary16 to number, exactly. */
function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** Row-major transpose: output axis i is input axis `perm[i]`. */
export function transpose(data: Float32Array, shape: number[], perm: number[]): Float32Array {
  const rank = shape.length;
  const outShape = perm.map((axis) => shape[axis]);
  const inStrides = new Array<number>(rank);
  for (let axis = rank - 1, stride = 1; axis >= 0; axis -= 1) {
    inStrides[axis] = stride;
    stride *= shape[axis];
  }
  const strides = perm.map((axis) => inStrides[axis]);
  const out = new Float32Array(data.length);
  const index = new Array<number>(rank).fill(0);
  for (let o = 0; o < out.length; o += 1) {
    let source = 0;
    for (let axis = 0; axis < rank; axis += 1) source += index[axis] * strides[axis];
    out[o] = data[source];
    for (let axis = rank - 1; axis >= 0; axis -= 1) {
      index[axis] += 1;
      if (index[axis] < outShape[axis]) break;
      index[axis] = 0;
    }
  }
  return out;
}
