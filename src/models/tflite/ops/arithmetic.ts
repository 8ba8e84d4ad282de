/**
 * ADD, SUB, MUL, DIV with TFLite (numpy) broadcasting. A rank-4 result is NCHW in the graph, so a constant operand
 * of lower rank is first aligned to NHWC (leading 1s) and moved to NCHW; an activation operand of lower rank has no
 * NCHW meaning and is not supported.
 */
import { UnsupportedOperator, type ConversionContext, type OperatorConverter } from '../conversion-context.js';
import type { TfliteTensor } from '../model-reader.js';
import { arithmeticActivation } from '../operator-options.js';
import { NHWC_TO_NCHW, toNchwShape, transpose } from '../tensor-data.js';
import { emitActivated } from './activations.js';

function operand(context: ConversionContext, tensor: TfliteTensor, outputRank: number): string {
  const rank = tensor.shape.length;
  if (outputRank !== 4 || rank === 4) return context.value(tensor);
  const constant = context.constant(tensor);
  if (!constant) throw new UnsupportedOperator(`operand "${tensor.name}" of rank ${rank} cannot be broadcast against a rank-4 tensor`);
  const nhwc = [...new Array<number>(4 - rank).fill(1), ...tensor.shape];
  return context.graph.float(tensor.name, toNchwShape(nhwc), transpose(constant, nhwc, NHWC_TO_NCHW));
}

function arithmetic(opType: 'Add' | 'Sub' | 'Mul' | 'Div'): OperatorConverter {
  return (op, context) => {
    const output = context.output(op);
    const rank = output.shape.length;
    const inputs = [0, 1].map((position) => operand(context, context.input(op, position), rank));
    emitActivated(context, output, arithmeticActivation(op.builtinOptions), (target) => context.graph.node(opType, inputs, target));
  };
}

export const arithmeticConverters: Record<string, OperatorConverter> = {
  ADD: arithmetic('Add'),
  SUB: arithmetic('Sub'),
  MUL: arithmetic('Mul'),
  DIV: arithmetic('Div'),
};
