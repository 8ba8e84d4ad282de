/**
 * Protocol Buffers wire format, decoded field by field without a schema. Every field keeps its wire type and its
 * bytes, so a message re-encodes to the same bytes; ONNX-specific views (onnx-proto.ts) decode only what they edit.
 */
export const WIRE = { VARINT: 0, FIXED64: 1, BYTES: 2, FIXED32: 5 } as const;

export interface WireField {
  field: number;
  wire: number;
  /** Varints as bigint; fixed32/fixed64 and length-delimited fields as their payload bytes (views, not copies). */
  value: bigint | Uint8Array;
}

export class WireError extends Error {}

const decoder = new TextDecoder('utf-8', { fatal: false });
const encoder = new TextEncoder();

function readVarint(bytes: Uint8Array, at: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (let i = at; i < bytes.length && shift < 70n; i++) {
    const byte = bytes[i];
    result |= BigInt(byte & 0x7f) << shift;
    if (byte < 0x80) return [result, i + 1];
    shift += 7n;
  }
  throw new WireError(`truncated or overlong varint at byte ${at}`);
}

/** The fields of one message, in the order they appear. */
export function decodeFields(bytes: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let at = 0;
  while (at < bytes.length) {
    const [key, next] = readVarint(bytes, at);
    at = next;
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (field === 0) throw new WireError(`field number 0 at byte ${at}`);
    if (wire === WIRE.VARINT) {
      const [value, after] = readVarint(bytes, at);
      fields.push({ field, wire, value });
      at = after;
    } else if (wire === WIRE.FIXED64 || wire === WIRE.FIXED32) {
      const size = wire === WIRE.FIXED64 ? 8 : 4;
      if (at + size > bytes.length) throw new WireError(`truncated fixed field ${field}`);
      fields.push({ field, wire, value: bytes.subarray(at, at + size) });
      at += size;
    } else if (wire === WIRE.BYTES) {
      const [length, after] = readVarint(bytes, at);
      const end = after + Number(length);
      if (end > bytes.length) throw new WireError(`field ${field} runs past the end of its message`);
      fields.push({ field, wire, value: bytes.subarray(after, end) });
      at = end;
    } else {
      throw new WireError(`unsupported wire type ${wire} for field ${field}`);
    }
  }
  return fields;
}

function varintSize(value: bigint): number {
  let size = 1;
  for (let rest = BigInt.asUintN(64, value); rest >= 0x80n; rest >>= 7n) size++;
  return size;
}

function writeVarint(out: Uint8Array, at: number, value: bigint): number {
  let rest = BigInt.asUintN(64, value);
  while (rest >= 0x80n) {
    out[at++] = Number(rest & 0x7fn) | 0x80;
    rest >>= 7n;
  }
  out[at++] = Number(rest);
  return at;
}

function fieldSize(f: WireField): number {
  const key = varintSize(BigInt(f.field * 8 + f.wire));
  if (typeof f.value === 'bigint') return key + varintSize(f.value);
  if (f.wire === WIRE.BYTES) return key + varintSize(BigInt(f.value.length)) + f.value.length;
  return key + f.value.length;
}

export function encodeFields(fields: readonly WireField[]): Uint8Array {
  const out = new Uint8Array(fields.reduce((sum, f) => sum + fieldSize(f), 0));
  let at = 0;
  for (const f of fields) {
    at = writeVarint(out, at, BigInt(f.field * 8 + f.wire));
    if (typeof f.value === 'bigint') {
      at = writeVarint(out, at, f.value);
    } else {
      if (f.wire === WIRE.BYTES) at = writeVarint(out, at, BigInt(f.value.length));
      out.set(f.value, at);
      at += f.value.length;
    }
  }
  return out;
}

export const varintField = (field: number, value: number | bigint): WireField => ({ field, wire: WIRE.VARINT, value: BigInt(value) });
export const bytesField = (field: number, value: Uint8Array): WireField => ({ field, wire: WIRE.BYTES, value });
export const stringField = (field: number, value: string): WireField => bytesField(field, encoder.encode(value));

export function fieldString(f: WireField): string {
  if (!(f.value instanceof Uint8Array) || f.wire !== WIRE.BYTES) throw new WireError(`field ${f.field} is not a string`);
  return decoder.decode(f.value);
}

export function fieldInt(f: WireField): number {
  if (typeof f.value !== 'bigint') throw new WireError(`field ${f.field} is not a varint`);
  return Number(BigInt.asIntN(64, f.value));
}

/** A repeated integer field, packed (one length-delimited field) or not (one varint per value). */
export function fieldInts(fields: readonly WireField[], field: number): number[] {
  const values: number[] = [];
  for (const f of fields) {
    if (f.field !== field) continue;
    if (typeof f.value === 'bigint') {
      values.push(fieldInt(f));
      continue;
    }
    for (let at = 0; at < f.value.length; ) {
      const [value, next] = readVarint(f.value, at);
      values.push(Number(BigInt.asIntN(64, value)));
      at = next;
    }
  }
  return values;
}
