/**
 * State shared by the operator converters: the ONNX graph being built, the names of TFLite tensors in it, and the
 * constant values (including those folded at import time, such as DEQUANTIZE of float16 weights).
 *
 * Layout rule: every rank-4 TFLite tensor (NHWC) lives in the ONNX graph as NCHW; other ranks keep their layout.
 */
import { OnnxGraphBuilder } from '../onnx/graph-builder.js';
import type { TfliteOperator, TfliteSubgraph, TfliteTensor } from './model-reader.js';
import { decodeFloats, decodeInts, NHWC_TO_NCHW, toNchwShape, transpose } from './tensor-data.js';

/** Thrown by a converter for an operator it cannot map; the importer collects these and reports them together. */
export class UnsupportedOperator extends Error {}

export type OperatorConverter = (op: TfliteOperator, context: ConversionContext) => void;

export class ConversionContext {
  readonly graph = new OnnxGraphBuilder();
  private readonly names = new Map<number, string>();
  private readonly folded = new Map<number, Float32Array>();

  constructor(
    readonly subgraph: TfliteSubgraph,
    /** ONNX names for the subgraph's input and output tensors. */
    fixedNames: Map<number, string>,
  ) {
    for (const [index, name] of fixedNames) this.names.set(index, this.graph.uniqueName(name));
  }

  tensor(index: number): TfliteTensor {
    const tensor = this.subgraph.tensors[index];
    if (!tensor) throw new UnsupportedOperator(`tensor index ${index} does not exist`);
    return tensor;
  }

  /** The operator's `position`-th input tensor; a missing or omitted (-1) input is unsupported. */
  input(op: TfliteOperator, position: number): TfliteTensor {
    const index = op.inputs[position];
    if (index === undefined || index < 0) throw new UnsupportedOperator(`input ${position} is missing`);
    return this.tensor(index);
  }

  /** The operator's optional `position`-th input, undefined when absent or -1. */
  optionalInput(op: TfliteOperator, position: number): TfliteTensor | undefined {
    const index = op.inputs[position];
    return index === undefined || index < 0 ? undefined : this.tensor(index);
  }

  /** Float value of a constant tensor (stored FLOAT32/FLOAT16, or folded); undefined for activations. */
  constant(tensor: TfliteTensor): Float32Array | undefined {
    const known = this.folded.get(tensor.index);
    if (known || tensor.data.length === 0) return known;
    const value = decodeFloats(tensor);
    if (value) this.folded.set(tensor.index, value);
    return value;
  }

  requireConstant(tensor: TfliteTensor, role: string): Float32Array {
    const value = this.constant(tensor);
    if (!value) throw new UnsupportedOperator(`${role} "${tensor.name}" must be a float32 or float16 constant`);
    return value;
  }

  requireInts(tensor: TfliteTensor, role: string): number[] {
    const value = tensor.data.length ? decodeInts(tensor) : undefined;
    if (!value) throw new UnsupportedOperator(`${role} "${tensor.name}" must be an int32 constant`);
    return value;
  }

  /** Records a value computed at import time for `tensor` (it then becomes an initializer when used). */
  fold(tensor: TfliteTensor, value: Float32Array): void {
    this.folded.set(tensor.index, value);
  }

  /** ONNX value name of a tensor; constants become initializers (rank 4 transposed to NCHW) on first use. */
  value(tensor: TfliteTensor): string {
    const known = this.names.get(tensor.index);
    if (known) return known;
    const constant = this.constant(tensor);
    const name = constant
      ? tensor.shape.length === 4
        ? this.graph.float(tensor.name, toNchwShape(tensor.shape), transpose(constant, tensor.shape, NHWC_TO_NCHW))
        : this.graph.float(tensor.name, tensor.shape, constant)
      : this.graph.uniqueName(tensor.name);
    this.names.set(tensor.index, name);
    return name;
  }

  /** The operator's `position`-th output tensor. */
  output(op: TfliteOperator, position = 0): TfliteTensor {
    const index = op.outputs[position];
    if (index === undefined || index < 0) throw new UnsupportedOperator(`output ${position} is missing`);
    return this.tensor(index);
  }

  /** Static spatial size of a rank-4 NHWC tensor. */
  spatial(tensor: TfliteTensor): { height: number; width: number; channels: number } {
    const [batch, height, width, channels] = tensor.shape;
    if (tensor.shape.length !== 4 || [batch, height, width, channels].some((d) => !(d > 0))) {
      throw new UnsupportedOperator(`tensor "${tensor.name}" must be rank 4 with static sizes, found [${tensor.shape.join(', ')}]`);
    }
    return { height, width, channels };
  }
}
