/**
 * writeOnnxModel(): editable views -> ModelProto bytes. Fields go out in field-number order (as protobuf
 * serialisers write them), the kept `rest` fields merged in, so an unedited model comes back byte for byte.
 */
import type { ProtoGraph, ProtoModel, ProtoNode, ProtoOpset } from './proto-types.js';
import { bytesField, encodeFields, stringField, varintField, type WireField } from './wire.js';

function ordered(known: WireField[], rest: WireField[]): WireField[] {
  // Array.prototype.sort is stable: fields of one number keep their order.
  return [...known, ...rest].sort((a, b) => a.field - b.field);
}

function encodeOpset(opset: ProtoOpset): Uint8Array {
  const known = [varintField(2, opset.version)];
  if (opset.domain !== undefined) known.unshift(stringField(1, opset.domain));
  return encodeFields(ordered(known, opset.rest));
}

export function encodeNode(node: ProtoNode): Uint8Array {
  const known: WireField[] = [...node.inputs.map((s) => stringField(1, s)), ...node.outputs.map((s) => stringField(2, s))];
  if (node.name !== undefined) known.push(stringField(3, node.name));
  known.push(stringField(4, node.opType), ...node.attributes.map((a) => bytesField(5, a)));
  if (node.domain !== undefined) known.push(stringField(7, node.domain));
  return encodeFields(ordered(known, node.rest));
}

function encodeGraph(graph: ProtoGraph): Uint8Array {
  const known: WireField[] = [
    ...graph.nodes.map((n) => bytesField(1, encodeNode(n))),
    ...graph.initializers.map((t) => bytesField(5, t.encoded)),
    ...graph.inputs.map((v) => bytesField(11, v.encoded)),
    ...graph.outputs.map((v) => bytesField(12, v.encoded)),
    ...graph.valueInfo.map((v) => bytesField(13, v.encoded)),
  ];
  return encodeFields(ordered(known, graph.rest));
}

export function writeOnnxModel(model: ProtoModel): Uint8Array {
  const known: WireField[] = [bytesField(7, encodeGraph(model.graph)), ...model.opsets.map((o) => bytesField(8, encodeOpset(o)))];
  if (model.irVersion !== undefined) known.unshift(varintField(1, model.irVersion));
  return encodeFields(ordered(known, model.rest));
}
