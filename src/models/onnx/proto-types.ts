/**
 * Editable views of the ONNX messages that graph editing touches (field numbers from onnx/onnx.proto). Every field
 * a view does not name is kept in `rest` as it was read, so read + write gives the same bytes back.
 */
import type { WireField } from './wire.js';

export interface ProtoOpset {
  domain?: string;
  version: number;
  rest: WireField[];
}

export interface ProtoTensor {
  name: string;
  dims: number[];
  dataType: number;
  /** The TensorProto as read (or as built); decoded on demand by tensor-data.ts. */
  encoded: Uint8Array;
}

export interface ProtoNode {
  inputs: string[];
  outputs: string[];
  name?: string;
  opType: string;
  domain?: string;
  /** AttributeProto messages, undecoded (attributes.ts reads them). */
  attributes: Uint8Array[];
  rest: WireField[];
}

/** A ValueInfoProto: the name is decoded, the type kept as read. */
export interface ProtoValueInfo {
  name: string;
  encoded: Uint8Array;
}

export interface ProtoGraph {
  nodes: ProtoNode[];
  initializers: ProtoTensor[];
  inputs: ProtoValueInfo[];
  outputs: ProtoValueInfo[];
  valueInfo: ProtoValueInfo[];
  rest: WireField[];
}

export interface ProtoModel {
  irVersion?: number;
  opsets: ProtoOpset[];
  graph: ProtoGraph;
  rest: WireField[];
}

/** TensorProto.DataType codes used by the editors. */
export const TensorType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7, FLOAT16: 10, DOUBLE: 11 } as const;

export const TENSOR_TYPE_NAMES: Record<number, string> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string', 9: 'bool', 10: 'float16', 11: 'float64', 16: 'bfloat16',
};
