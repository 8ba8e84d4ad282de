/** AttributeProto values that graph editing reads (INT, INTS, FLOAT) and writes (INT, FLOAT). */
import { WIRE, decodeFields, encodeFields, fieldInt, fieldInts, fieldString, stringField, varintField } from './wire.js';

const ATTRIBUTE_TYPE_INT = 2;

export interface AttributeValue {
  name: string;
  int?: number;
  float?: number;
  ints?: number[];
}

export function readAttribute(bytes: Uint8Array): AttributeValue {
  const fields = decodeFields(bytes);
  const name = fields.find((f) => f.field === 1);
  const value: AttributeValue = { name: name ? fieldString(name) : '' };
  const int = fields.find((f) => f.field === 3);
  if (int) value.int = fieldInt(int);
  const float = fields.find((f) => f.field === 2);
  if (float && float.value instanceof Uint8Array) value.float = new DataView(float.value.buffer, float.value.byteOffset, 4).getFloat32(0, true);
  if (fields.some((f) => f.field === 8)) value.ints = fieldInts(fields, 8);
  return value;
}

export function intAttribute(name: string, value: number): Uint8Array {
  return encodeFields([stringField(1, name), varintField(3, value), varintField(20, ATTRIBUTE_TYPE_INT)]);
}

/** The INT attribute `name` of a node's attributes, or `fallback`. */
export function intAttributeOf(attributes: readonly Uint8Array[], name: string, fallback: number): number {
  for (const bytes of attributes) {
    const value = readAttribute(bytes);
    if (value.name === name && value.int !== undefined) return value.int;
  }
  return fallback;
}

const ATTRIBUTE_TYPE_FLOAT = 1;

export function floatAttribute(name: string, value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setFloat32(0, value, true);
  return encodeFields([stringField(1, name), { field: 2, wire: WIRE.FIXED32, value: bytes }, varintField(20, ATTRIBUTE_TYPE_FLOAT)]);
}
