/**
 * AVERAGE_POOL_2D, MAX_POOL_2D (TFLite averages over the in-bounds pixels only, like ONNX count_include_pad=0)
 * and MEAN over constant axes.
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

/**
 * MEAN: a rank-4 input is NCHW in the graph, so the axes are renumbered; when the reduced dimensions are dropped
 * the input is first put back in NHWC, since the result no longer has rank 4.
 */
function mean(op: TfliteOperator, context: ConversionContext): void {
  const input = context.input(op, 0);
  const rank = input.shape.length;
  const axes = context.requireInts(context.input(op, 1), 'axes').map((axis) => (axis < 0 ? axis + rank : axis));
  if (axes.some((axis) => axis < 0 || axis >= rank)) throw new UnsupportedOperator(`axes [${axes.join(', ')}] are out of range for rank ${rank}`);
  const keep = keepDims(op.builtinOptions);
  const output = context.value(context.output(op));
  let source = context.value(input);
  let onnxAxes = axes;
  if (rank === 4 && keep) onnxAxes = axes.map(nchwAxis);
  else if (rank === 4) source = context.graph.derive('Transpose', [source], `${source}_nhwc`, { perm: [0, 2, 3, 1] });
  context.graph.node('ReduceMean', [source], output, { axes: onnxAxes, keepdims: keep ? 1 : 0 });
}

export const poolingConverters: Record<string, OperatorConverter> = {
  AVERAGE_POOL_2D: pool('AveragePool'),
  MAX_POOL_2D: pool('MaxPool'),
  MEAN: mean,
};
