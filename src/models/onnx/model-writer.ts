/**
 * Serialises a small in-memory ONNX model (one graph, default domain) to ModelProto bytes. Field numbers follow
 * onnx/onnx.proto3.
 */
import { ProtobufWriter } from './protobuf-writer.js';

/** TensorProto.DataType members used here. */
export const OnnxDataType = { FLOAT: 1, INT64: 7 } as const;
export type OnnxDataTypeCode = (typeof OnnxDataType)[keyof typeof OnnxDataType];

export type OnnxAttributeValue = number | string | number[] | { float: number };

export interface OnnxNode {
  opType: string;
  name: string;
  inputs: string[];
  outputs: string[];
  /** Numbers are INT, number arrays INTS, `{ float }` FLOAT, strings STRING. */
  attributes?: Record<string, OnnxAttributeValue>;
}

export interface OnnxInitializer {
  name: string;
  dims: number[];
  dataType: OnnxDataTypeCode;
  /** Little-endian element bytes (written as raw_data). */
  data: Float32Array | BigInt64Array;
}

export interface OnnxValueInfo {
  name: string;
  dataType: OnnxDataTypeCode;
  dims: number[];
}

/** A graph input or output: sizes, or names of symbolic (dynamic) dimensions such as "height". */
export type OnnxGraphValueInfo = Omit<OnnxValueInfo, 'dims'> & { dims: (number | string)[] };

export interface OnnxModel {
  irVersion: number;
  opsetVersion: number;
  producerName: string;
  producerVersion: string;
  docString?: string;
  metadata?: Record<string, string>;
  graph: {
    name: string;
    nodes: OnnxNode[];
    initializers: OnnxInitializer[];
    inputs: OnnxGraphValueInfo[];
    outputs: OnnxGraphValueInfo[];
  };
}

const ATTRIBUTE_TYPE = { FLOAT: 1, INT: 2, STRING: 3, INTS: 7 };

export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  const proto = new ProtobufWriter()
    .int(1, model.irVersion)
    .string(2, model.producerName)
    .string(3, model.producerVersion);
  if (model.docString) proto.string(6, model.docString);
  proto.message(7, encodeGraph(model.graph));
  proto.message(8, new ProtobufWriter().string(1, '').int(2, model.opsetVersion));
  for (const [key, value] of Object.entries(model.metadata ?? {})) {
    proto.message(14, new ProtobufWriter().string(1, key).string(2, value));
  }
  return proto.finish();
}

function encodeGraph(graph: OnnxModel['graph']): ProtobufWriter {
  const proto = new ProtobufWriter();
  for (const node of graph.nodes) proto.message(1, encodeNode(node));
  proto.string(2, graph.name);
  for (const initializer of graph.initializers) proto.message(5, encodeInitializer(initializer));
  for (const input of graph.inputs) proto.message(11, encodeValueInfo(input));
  for (const output of graph.outputs) proto.message(12, encodeValueInfo(output));
  return proto;
}

function encodeNode(node: OnnxNode): ProtobufWriter {
  const proto = new ProtobufWriter();
  for (const input of node.inputs) proto.string(1, input);
  for (const output of node.outputs) proto.string(2, output);
  proto.string(3, node.name).string(4, node.opType);
  for (const [name, value] of Object.entries(node.attributes ?? {})) proto.message(5, encodeAttribute(name, value));
  return proto;
}

function encodeAttribute(name: string, value: OnnxAttributeValue): ProtobufWriter {
  const proto = new ProtobufWriter().string(1, name);
  if (typeof value === 'string') return proto.int(20, ATTRIBUTE_TYPE.STRING).string(4, value);
  if (typeof value === 'number') return proto.int(20, ATTRIBUTE_TYPE.INT).int(3, value);
  if (Array.isArray(value)) return proto.int(20, ATTRIBUTE_TYPE.INTS).packedInts(8, value);
  return proto.int(20, ATTRIBUTE_TYPE.FLOAT).float(2, value.float);
}

function encodeInitializer(initializer: OnnxInitializer): ProtobufWriter {
  const { data } = initializer;
  return new ProtobufWriter()
    .packedInts(1, initializer.dims)
    .int(2, initializer.dataType)
    .string(8, initializer.name)
    .bytes(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

function encodeValueInfo(info: OnnxGraphValueInfo): ProtobufWriter {
  const shape = new ProtobufWriter();
  for (const dim of info.dims) shape.message(1, typeof dim === 'string' ? new ProtobufWriter().string(2, dim) : new ProtobufWriter().int(1, dim));
  const tensorType = new ProtobufWriter().int(1, info.dataType).message(2, shape);
  return new ProtobufWriter().string(1, info.name).message(2, new ProtobufWriter().message(1, tensorType));
}
