/**
 * Which parts of a graph get quantized: the weights (float initializers, or float16 ones behind a Cast) of Conv, ConvTranspose, MatMul and Gemm,
 * and the activations around those ops (their input, and their output, or the output of the Relu that alone
 * follows them, which onnxruntime then folds into the quantized op). Quantized inputs and outputs together are
 * what onnxruntime's QDQ fusion needs to turn a node into QLinearConv / QLinearMatMul. Muls of two activations are
 * quantized likewise (QLinearMul).
 */
import { SemsegError } from '../core/errors.js';
import type { ProtoModel, ProtoNode } from '../models/onnx/proto-types.js';
import { floatConstants } from './constants.js';

export const WEIGHT_OPS = new Set(['Conv', 'ConvTranspose', 'MatMul', 'Gemm']);

export interface QuantizationPlan {
  /** Nodes whose weight (input 1) is quantized, with the index of each in graph.nodes. */
  weightNodes: ProtoNode[];
  /** Activation tensors that get a QuantizeLinear -> DequantizeLinear pair, in graph order. */
  activations: string[];
}

function consumersOf(nodes: readonly ProtoNode[]): Map<string, ProtoNode[]> {
  const consumers = new Map<string, ProtoNode[]>();
  for (const node of nodes) {
    for (const input of node.inputs) {
      if (!input) continue;
      const list = consumers.get(input) ?? [];
      list.push(node);
      consumers.set(input, list);
    }
  }
  return consumers;
}

export function planQuantization(model: ProtoModel): QuantizationPlan {
  const { graph } = model;
  const constants = floatConstants(graph);
  const graphOutputs = new Set(graph.outputs.map((o) => o.name));
  const consumers = consumersOf(graph.nodes);
  const producers = new Set(graph.nodes.flatMap((n) => n.outputs));
  const weightNodes = graph.nodes.filter(
    (n) => WEIGHT_OPS.has(n.opType) && (n.domain ?? '') === '' && constants.has(n.inputs[1]) && !constants.has(n.inputs[0]),
  );
  if (weightNodes.length === 0) {
    const ops = [...new Set(graph.nodes.map((n) => n.opType))].join(', ');
    throw new SemsegError('UNSUPPORTED_OPERATOR', `Expected Conv, ConvTranspose, MatMul or Gemm nodes with float32 weights to quantize but the model has only: ${ops || 'no nodes'}`);
  }
  const wanted = new Set<string>();
  for (const node of weightNodes) {
    wanted.add(node.inputs[0]);
    const output = node.outputs[0];
    const next = consumers.get(output) ?? [];
    const onlyRelu = next.length === 1 && next[0].opType === 'Relu' && !graphOutputs.has(output);
    wanted.add(onlyRelu ? next[0].outputs[0] : output);
  }
  // Mul of two activations (HardSwish written out, squeeze-excite gates) fuses to QLinearMul with all three quantized.
  for (const node of graph.nodes) {
    if (node.opType !== 'Mul' || (node.domain ?? '') !== '' || node.inputs.some((i) => constants.has(i) || !producers.has(i))) continue;
    for (const tensor of [...node.inputs, node.outputs[0]]) wanted.add(tensor);
  }
  // Graph order: graph inputs first, then node outputs as they are produced.
  const order = [...graph.inputs.map((i) => i.name), ...graph.nodes.flatMap((n) => n.outputs)];
  return { weightNodes, activations: order.filter((name) => wanted.has(name)) };
}
