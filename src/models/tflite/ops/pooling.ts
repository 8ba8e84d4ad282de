/**
 * AVERAGE_POOL_2D, MAX_POOL_2D (TFLite averages over the in-bounds pixels only, like ONNX count_include_pad=0)
 * and MEAN over constant axes (keeping the reduced dimensions).
 */
import { UnsupportedOperator, type ConversionContext, type OperatorConverter } from '../conversion-context.js';
import type { TfliteOperator } from '../model-reader.js';
import { keepDims, poolOptions } from '../operator-options.js';
import { onnxPads, windowPadding } from '../padding.js';
import { nchwAxis } from '../tensor-data.js';
import { emitActivated } from './activations.js';

function pool(opType: 'AveragePool' | 'MaxPool'): OperatorConverter {
  return (op, context) => {
    const options = poolOptions(op.builtinOptions);
    const input = context.input(op, 0);
    const { height, width } = context.spatial(input);
    const attributes = {
      kernel_shape: [options.filterH, options.filterW],
      strides: [options.strideH, options.strideW],
      pads: onnxPads(
        windowPadding(options.padding, height, options.filterH, options.strideH),
        windowPadding(options.padding, width, options.filterW, options.strideW),
      ),
    };
    emitActivated(context, context.output(op), options.activation, (target) =>
      context.graph.node(opType, [context.value(input)], target, attributes),
    );
  };
}

/** MEAN with keep_dims over constant axes; a rank-4 input is NCHW in the graph, so its axes are renumbered. */
function mean(op: TfliteOperator, context: ConversionContext): void {
  if (!keepDims(op.builtinOptions)) throw new UnsupportedOperator('keep_dims=false is not supported');
  const input = context.input(op, 0);
  const rank = input.shape.length;
  const axes = context.requireInts(context.input(op, 1), 'axes').map((axis) => (axis < 0 ? axis + rank : axis));
  if (axes.some((axis) => axis < 0 || axis >= rank)) throw new UnsupportedOperator(`axes [${axes.join(', ')}] are out of range for rank ${rank}`);
  context.graph.node('ReduceMean', [context.value(input)], context.value(context.output(op)), {
    axes: rank === 4 ? axes.map(nchwAxis) : axes,
    keepdims: 1,
  });
}

export const poolingConverters: Record<string, OperatorConverter> = {
  AVERAGE_POOL_2D: pool('AveragePool'),
  MAX_POOL_2D: pool('MaxPool'),
  MEAN: mean,
};
