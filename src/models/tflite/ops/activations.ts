/** Activation operators and the fused activations of TFLite ops. Layout-free: they map element to element. */
import type { OnnxGraphBuilder } from '../../onnx/graph-builder.js';
import { UnsupportedOperator, type ConversionContext, type OperatorConverter } from '../conversion-context.js';
import type { TfliteTensor } from '../model-reader.js';
import { Activation } from '../operator-options.js';

/** Writes `activation(input)` to `output`. */
function applyActivation(graph: OnnxGraphBuilder, activation: number, input: string, output: string): void {
  switch (activation) {
    case Activation.RELU:
      graph.node('Relu', [input], output);
      return;
    case Activation.RELU6:
      graph.node('Clip', [input, graph.scalar(0), graph.scalar(6)], output);
      return;
    case Activation.RELU_N1_TO_1:
      graph.node('Clip', [input, graph.scalar(-1), graph.scalar(1)], output);
      return;
    case Activation.TANH:
      graph.node('Tanh', [input], output);
      return;
    default:
      throw new UnsupportedOperator(`fused activation ${activation} is not supported`);
  }
}

/**
 * Runs `emit` so that its node writes the pre-activation value, then adds the fused activation; with no activation
 * `emit` writes the output tensor directly.
 */
export function emitActivated(context: ConversionContext, output: TfliteTensor, activation: number, emit: (target: string) => void): void {
  const target = context.value(output);
  if (activation === Activation.NONE) {
    emit(target);
    return;
  }
  const linear = context.graph.uniqueName(`${target}_linear`);
  emit(linear);
  applyActivation(context.graph, activation, linear, target);
}

function activationOperator(activation: number): OperatorConverter {
  return (op, context) => applyActivation(context.graph, activation, context.value(context.input(op, 0)), context.value(context.output(op)));
}

function elementwise(opType: string): OperatorConverter {
  return (op, context) => {
    context.graph.node(opType, [context.value(context.input(op, 0))], context.value(context.output(op)));
  };
}

export const activationConverters: Record<string, OperatorConverter> = {
  RELU: activationOperator(Activation.RELU),
  RELU6: activationOperator(Activation.RELU6),
  RELU_N1_TO_1: activationOperator(Activation.RELU_N1_TO_1),
  TANH: activationOperator(Activation.TANH),
  LOGISTIC: elementwise('Sigmoid'),
  // TFLite: x * relu6(x + 3) / 6; ONNX HardSwish: x * max(0, min(1, x / 6 + 1 / 2)), the same function.
  HARD_SWISH: elementwise('HardSwish'),
};
