/** readOnnxModel(): ModelProto bytes -> editable views (proto-types.ts); every other field is kept as read. */
import { SemsegError } from '../../core/errors.js';
import type { ProtoGraph, ProtoModel, ProtoNode, ProtoOpset, ProtoTensor, ProtoValueInfo } from './proto-types.js';
import { decodeFields, fieldInt, fieldInts, fieldString, type WireField } from './wire.js';

function bytesOf(f: WireField): Uint8Array {
  if (!(f.value instanceof Uint8Array)) throw new SemsegError('MODEL_LOAD_FAILED', `Expected a message for ONNX field ${f.field} but received a number`);
  return f.value;
}

function readOpset(bytes: Uint8Array): ProtoOpset {
  const opset: ProtoOpset = { version: 1, rest: [] };
  for (const f of decodeFields(bytes)) {
    if (f.field === 1) opset.domain = fieldString(f);
    else if (f.field === 2) opset.version = fieldInt(f);
    else opset.rest.push(f);
  }
  return opset;
}

export function readTensorHeader(bytes: Uint8Array): ProtoTensor {
  const fields = decodeFields(bytes);
  const name = fields.find((f) => f.field === 8);
  const type = fields.find((f) => f.field === 2);
  return { name: name ? fieldString(name) : '', dims: fieldInts(fields, 1), dataType: type ? fieldInt(type) : 0, encoded: bytes };
}

function readNode(bytes: Uint8Array): ProtoNode {
  const node: ProtoNode = { inputs: [], outputs: [], opType: '', attributes: [], rest: [] };
  for (const f of decodeFields(bytes)) {
    if (f.field === 1) node.inputs.push(fieldString(f));
    else if (f.field === 2) node.outputs.push(fieldString(f));
    else if (f.field === 3) node.name = fieldString(f);
    else if (f.field === 4) node.opType = fieldString(f);
    else if (f.field === 5) node.attributes.push(bytesOf(f));
    else if (f.field === 7) node.domain = fieldString(f);
    else node.rest.push(f);
  }
  return node;
}

function readValueInfo(bytes: Uint8Array): ProtoValueInfo {
  const name = decodeFields(bytes).find((f) => f.field === 1);
  return { name: name ? fieldString(name) : '', encoded: bytes };
}

function readGraph(bytes: Uint8Array): ProtoGraph {
  const graph: ProtoGraph = { nodes: [], initializers: [], inputs: [], outputs: [], valueInfo: [], rest: [] };
  for (const f of decodeFields(bytes)) {
    if (f.field === 1) graph.nodes.push(readNode(bytesOf(f)));
    else if (f.field === 5) graph.initializers.push(readTensorHeader(bytesOf(f)));
    else if (f.field === 11) graph.inputs.push(readValueInfo(bytesOf(f)));
    else if (f.field === 12) graph.outputs.push(readValueInfo(bytesOf(f)));
    else if (f.field === 13) graph.valueInfo.push(readValueInfo(bytesOf(f)));
    else graph.rest.push(f);
  }
  return graph;
}

/** Decodes an ONNX ModelProto; anything that is not one is a MODEL_LOAD_FAILED error naming `source`. */
export function readOnnxModel(bytes: Uint8Array, source = 'model'): ProtoModel {
  try {
    const model: Omit<ProtoModel, 'graph'> & { graph?: ProtoGraph } = { opsets: [], rest: [] };
    for (const f of decodeFields(bytes)) {
      if (f.field === 1 && typeof f.value === 'bigint') model.irVersion = fieldInt(f);
      else if (f.field === 7) model.graph = readGraph(bytesOf(f));
      else if (f.field === 8) model.opsets.push(readOpset(bytesOf(f)));
      else model.rest.push(f);
    }
    if (!model.graph || model.opsets.length === 0 || model.irVersion === undefined) throw new Error('no graph, opset_import or ir_version');
    return model as ProtoModel;
  } catch (error) {
    if (error instanceof SemsegError) throw error;
    throw new SemsegError('MODEL_LOAD_FAILED', `Expected an ONNX model (protobuf ModelProto) for ${source} but could not read it: ${(error as Error).message}`, { cause: error });
  }
}
