/**
 * The data of one request input, checked against its datatype and shape: JSON `data` (flat, or nested exactly as
 * the shape, as "Tensor Data" allows) converted to little-endian element bytes, or binary data (the binary tensor
 * extension) taken as a view of the body. Nothing is allocated from a declared shape before the data is known to
 * hold that many elements.
 */
import { expected } from '../../core/errors.js';
import { DATATYPE_SIZES, type Datatype, type FixedDatatype } from './types.js';

type Writer = (view: DataView, offset: number, value: unknown) => string | undefined;

const integer = (min: number, max: number, set: (view: DataView, offset: number, v: number) => void, range: string): Writer => (view, offset, value) => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) return `a whole number from ${range}`;
  set(view, offset, value);
  return undefined;
};

const real = (set: (view: DataView, offset: number, v: number) => void): Writer => (view, offset, value) => {
  if (typeof value !== 'number') return 'a number';
  set(view, offset, value);
  return undefined;
};

const SAFE = Number.MAX_SAFE_INTEGER;

/** How one JSON element becomes bytes; the returned text is what was expected instead. */
const WRITERS: Record<Exclude<FixedDatatype, 'FP16'>, Writer> = {
  BOOL: (view, offset, value) => {
    if (typeof value !== 'boolean') return 'true or false';
    view.setUint8(offset, value ? 1 : 0);
    return undefined;
  },
  UINT8: integer(0, 255, (v, o, x) => v.setUint8(o, x), '0 to 255'),
  UINT16: integer(0, 65535, (v, o, x) => v.setUint16(o, x, true), '0 to 65535'),
  UINT32: integer(0, 0xffffffff, (v, o, x) => v.setUint32(o, x, true), '0 to 4294967295'),
  UINT64: integer(0, SAFE, (v, o, x) => v.setBigUint64(o, BigInt(x), true), '0 to 2^53 - 1 (larger JSON numbers are inexact; send binary data)'),
  INT8: integer(-128, 127, (v, o, x) => v.setInt8(o, x), '-128 to 127'),
  INT16: integer(-32768, 32767, (v, o, x) => v.setInt16(o, x, true), '-32768 to 32767'),
  INT32: integer(-0x80000000, 0x7fffffff, (v, o, x) => v.setInt32(o, x, true), '-2147483648 to 2147483647'),
  INT64: integer(-SAFE, SAFE, (v, o, x) => v.setBigInt64(o, BigInt(x), true), '-(2^53 - 1) to 2^53 - 1 (larger JSON numbers are inexact; send binary data)'),
  FP32: real((v, o, x) => v.setFloat32(o, x, true)),
  FP64: real((v, o, x) => v.setFloat64(o, x, true)),
};

const dataPath = (where: string, at: readonly number[]) => `${where}.data${at.map((i) => `[${i}]`).join('')}`;

/** `where.data[i][j]...` of the element at flat index `index` (for messages only). */
function elementPath(where: string, shape: readonly number[], index: number, nested: boolean): string {
  if (!nested) return `${where}.data[${index}]`;
  const path: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    path.unshift(index % shape[d]);
    index = Math.floor(index / shape[d]);
  }
  return dataPath(where, path);
}

/**
 * Checks that nested arrays follow `shape` level by level (only arrays are visited, never the leaves), so the
 * leaves are known to number `count` before anything is allocated. `at` holds the indices down to `node`.
 */
function checkNesting(node: unknown, shape: readonly number[], at: number[], where: string): void {
  const depth = at.length;
  if (!Array.isArray(node)) throw expected(`an array of ${shape[depth]} (shape dimension ${depth})`, dataPath(where, at), node);
  if (node.length !== shape[depth]) throw expected(`${shape[depth]} elements (shape dimension ${depth})`, dataPath(where, at), `${node.length} elements`);
  if (depth + 1 === shape.length) return;
  for (let i = 0; i < node.length; i++) {
    at.push(i);
    checkNesting(node[i], shape, at, where);
    at.pop();
  }
}

/** Calls `visit` on each leaf of nested arrays (whose shape checkNesting accepted) in row-major order. */
function eachLeaf(node: unknown[], depth: number, rank: number, visit: (value: unknown, index: number) => void, start: number): number {
  if (depth + 1 === rank) {
    for (let i = 0; i < node.length; i++) visit(node[i], start + i);
    return start + node.length;
  }
  for (const child of node) start = eachLeaf(child as unknown[], depth + 1, rank, visit, start);
  return start;
}

/** JSON `data` of an input as element bytes (fixed-size types) or strings (BYTES). */
export function jsonTensorData(datatype: Datatype, shape: readonly number[], count: number, data: unknown, where: string): Uint8Array | string[] {
  if (!Array.isArray(data)) throw expected('an array (the tensor data)', `${where}.data`, data);
  const nested = shape.length > 1 && data.length > 0 && Array.isArray(data[0]);
  if (nested) checkNesting(data, shape, [], where);
  else if (data.length !== count) throw expected(`${count} elements (the product of shape [${shape.join(', ')}])`, `${where}.data`, `${data.length} elements`);
  const each = (visit: (value: unknown, index: number) => void) => (nested ? eachLeaf(data, 0, shape.length, visit, 0) : data.forEach(visit));
  if (datatype === 'BYTES') {
    const strings = new Array<string>(count);
    each((value, i) => {
      if (typeof value !== 'string') throw expected('a string (BYTES elements in JSON are strings)', elementPath(where, shape, i, nested), value);
      strings[i] = value;
    });
    return strings;
  }
  if (datatype === 'FP16') throw expected('FP16 data as binary data (JSON has no 16-bit float)', `${where}.data`, 'JSON data');
  const size = DATATYPE_SIZES[datatype];
  const bytes = new Uint8Array(count * size);
  const view = new DataView(bytes.buffer);
  const write = WRITERS[datatype];
  each((value, i) => {
    const problem = write(view, i * size, value);
    if (problem) throw expected(`${problem} (${datatype})`, elementPath(where, shape, i, nested), value);
  });
  return bytes;
}

/** Binary data of an input: a view of its `binary_data_size` bytes, or its length-prefixed BYTES elements. */
export function binaryTensorData(datatype: Datatype, count: number, bytes: Uint8Array, where: string): Uint8Array | Uint8Array[] {
  const parameter = `${where}.parameters.binary_data_size`;
  if (datatype !== 'BYTES') {
    const size = DATATYPE_SIZES[datatype];
    if (bytes.length !== count * size) throw expected(`${count * size} bytes (${count} ${datatype} elements of ${size} bytes)`, parameter, bytes.length);
    if (datatype === 'BOOL') {
      const bad = bytes.findIndex((b) => b > 1);
      if (bad >= 0) throw expected('BOOL bytes of 0 or 1', `${where} element ${bad}`, bytes[bad]);
    }
    return bytes;
  }
  // Every element is at least its 4-byte length: the element count is bounded by the data before the loop.
  if (count * 4 > bytes.length) throw expected(`at least ${count * 4} bytes (${count} BYTES elements, each a 4-byte length and its bytes)`, parameter, bytes.length);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const elements: Uint8Array[] = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    if (offset + 4 > bytes.length) throw expected(`a 4-byte length for BYTES element ${i}`, where, `${bytes.length - offset} bytes left`);
    const length = view.getUint32(offset, true);
    offset += 4;
    if (offset + length > bytes.length) throw expected(`${length} bytes for BYTES element ${i} (its length prefix)`, where, `${bytes.length - offset} bytes left`);
    elements.push(bytes.subarray(offset, offset + length));
    offset += length;
  }
  if (offset !== bytes.length) throw expected(`exactly ${count} length-prefixed BYTES elements in binary_data_size bytes`, parameter, `${bytes.length - offset} bytes more`);
  return elements;
}
