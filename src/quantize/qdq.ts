/**
 * QDQ insertion: int8 weight initializers behind DequantizeLinear, int32 biases likewise, and a
 * QuantizeLinear -> DequantizeLinear pair (uint8) after every planned activation. The float graph stays as it was
 * in between, so any runtime can run the model; onnxruntime fuses the pairs into QLinearConv and friends.
 */
import { SemsegError } from '../core/errors.js';
import { intAttribute, intAttributeOf } from '../models/onnx/attributes.js';
import type { ProtoModel, ProtoNode, ProtoTensor } from '../models/onnx/proto-types.js';
import { TensorType } from '../models/onnx/proto-types.js';
import { buildTensor, type TensorValues } from '../models/onnx/tensor-data.js';
import { constantValues, floatConstants, type FloatConstant } from './constants.js';
import type { QuantizationPlan } from './plan.js';
import type { TensorRange } from './ranges.js';
import { activationParameters, quantizeBias, quantizeWeight } from './weights.js';

export interface QdqOptions {
  perChannel: boolean;
}

/** The channel axis of a weight: output channels of Conv / Gemm(transB) / MatMul columns, ConvTranspose axis 1. */
function weightAxis(node: ProtoNode, rank: number): number {
  if (node.opType === 'Conv') return 0;
  if (node.opType === 'ConvTranspose') return 1;
  if (node.opType === 'Gemm') return intAttributeOf(node.attributes, 'transB', 0) === 1 ? 0 : 1;
  return rank - 1;
}

/** Whether per-channel scales along the axis are valid for this op (grouped ConvTranspose mixes groups on axis 1). */
function perChannelAllowed(node: ProtoNode): boolean {
  return !(node.opType === 'ConvTranspose' && intAttributeOf(node.attributes, 'group', 1) !== 1);
}

class GraphEdit {
  readonly nodes: ProtoNode[] = [];
  readonly added: ProtoTensor[] = [];
  private readonly used: Set<string>;

  constructor(model: ProtoModel) {
    const { graph } = model;
    this.used = new Set([...graph.initializers.map((t) => t.name), ...graph.inputs.map((i) => i.name), ...graph.nodes.flatMap((n) => [...n.inputs, ...n.outputs])]);
  }

  name(base: string): string {
    let name = base;
    for (let n = 1; this.used.has(name); n++) name = `${base}_${n}`;
    this.used.add(name);
    return name;
  }

  tensor(base: string, dims: number[], dataType: number, values: TensorValues): string {
    const name = this.name(base);
    this.added.push(buildTensor(name, dims, dataType, values));
    return name;
  }

  node(opType: string, inputs: string[], output: string, attributes: Uint8Array[] = []): void {
    this.nodes.push({ opType, name: this.name(`${output}_${opType}`), inputs, outputs: [output], attributes, rest: [] });
  }
}

export function insertQdq(model: ProtoModel, plan: QuantizationPlan, ranges: ReadonlyMap<string, TensorRange>, options: QdqOptions): ProtoModel {
  const { graph } = model;
  const edit = new GraphEdit(model);
  const constants = floatConstants(graph);
  const removed = new Set<string>();
  const dropped = new Set<ProtoNode>();
  const replace = (name: string, constant: FloatConstant) => {
    removed.add(name);
    removed.add(constant.initializer.name);
    if (constant.cast) dropped.add(constant.cast);
  };
  const renamed = new Map<string, string>();
  const inputScale = new Map<string, number>();
  const pairs = new Map<string, ProtoNode[]>();

  for (const tensor of plan.activations) {
    const range = ranges.get(tensor);
    if (!range) throw new SemsegError('INTERNAL', `Expected a calibrated range for tensor ${tensor} but none was collected`);
    const { scale, zeroPoint } = activationParameters(range.min, range.max);
    inputScale.set(tensor, scale);
    const scaleName = edit.tensor(`${tensor}_scale`, [], TensorType.FLOAT, Float32Array.of(scale));
    const zeroName = edit.tensor(`${tensor}_zero_point`, [], TensorType.UINT8, Uint8Array.of(zeroPoint));
    const quantized = edit.name(`${tensor}_quantized`);
    const dequantized = edit.name(`${tensor}_dequantized`);
    const before = edit.nodes.length;
    edit.node('QuantizeLinear', [tensor, scaleName, zeroName], quantized);
    edit.node('DequantizeLinear', [quantized, scaleName, zeroName], dequantized);
    pairs.set(tensor, edit.nodes.splice(before, 2));
    renamed.set(tensor, dequantized);
  }

  const weightDq: ProtoNode[] = [];
  for (const node of plan.weightNodes) {
    const weightName = node.inputs[1];
    if (removed.has(weightName)) continue;
    const weight = constants.get(weightName)!;
    const axis = weightAxis(node, weight.dims.length);
    const perChannel = options.perChannel && perChannelAllowed(node) && weight.dims.length > 1;
    const q = quantizeWeight(constantValues(weight), weight.dims, axis, perChannel);
    const scaleDims = perChannel ? [q.scales.length] : [];
    const axisAttribute = perChannel ? [intAttribute('axis', axis)] : [];
    const before = edit.nodes.length;
    const values = edit.tensor(`${weightName}_quantized`, weight.dims, TensorType.INT8, q.values);
    const scale = edit.tensor(`${weightName}_scale`, scaleDims, TensorType.FLOAT, q.scales);
    const zero = edit.tensor(`${weightName}_zero_point`, scaleDims, TensorType.INT8, new Int8Array(q.scales.length));
    edit.node('DequantizeLinear', [values, scale, zero], weightName, axisAttribute);
    replace(weightName, weight);
    const biasName = node.inputs[2];
    const bias = biasName ? constants.get(biasName) : undefined;
    const xScale = inputScale.get(node.inputs[0]);
    if (bias && !removed.has(biasName) && xScale !== undefined && node.opType !== 'MatMul') {
      const b = quantizeBias(constantValues(bias), xScale, q.scales);
      const biasValues = edit.tensor(`${biasName}_quantized`, bias.dims, TensorType.INT32, b.values);
      const biasScale = edit.tensor(`${biasName}_scale`, scaleDims, TensorType.FLOAT, b.scales);
      const biasZero = edit.tensor(`${biasName}_zero_point`, scaleDims, TensorType.INT32, new Int32Array(b.scales.length));
      edit.node('DequantizeLinear', [biasValues, biasScale, biasZero], biasName, perChannel ? [intAttribute('axis', 0)] : []);
      replace(biasName, bias);
    }
    weightDq.push(...edit.nodes.splice(before));
  }

  const rename = (name: string) => renamed.get(name) ?? name;
  const nodes: ProtoNode[] = [...weightDq];
  for (const input of graph.inputs) nodes.push(...(pairs.get(input.name) ?? []));
  for (const node of graph.nodes) {
    if (dropped.has(node)) continue;
    nodes.push({ ...node, inputs: node.inputs.map(rename) });
    for (const output of node.outputs) nodes.push(...(pairs.get(output) ?? []));
  }
  return {
    ...model,
    graph: {
      ...graph,
      nodes,
      initializers: [...graph.initializers.filter((t) => !removed.has(t.name)), ...edit.added],
      inputs: graph.inputs.filter((i) => !removed.has(i.name)),
    },
  };
}
