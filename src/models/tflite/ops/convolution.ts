/**
 * CONV_2D, DEPTHWISE_CONV_2D and MediaPipe's Convolution2DTransposeBias as ONNX Conv / ConvTranspose with explicit
 * pads. Weights move from TFLite's OHWI ([1, H, W, C*M] for depthwise) to ONNX's OIHW (IOHW for ConvTranspose).
 */
import { UnsupportedOperator, type ConversionContext, type OperatorConverter } from '../conversion-context.js';
import type { TfliteOperator } from '../model-reader.js';
import { convOptions, depthwiseOptions, transposeConvBiasOptions, type ConvOptions } from '../operator-options.js';
import { onnxPads, Padding, windowPadding } from '../padding.js';
import { transpose } from '../tensor-data.js';
import { emitActivated } from './activations.js';

function convolution(depthwise: boolean): OperatorConverter {
  return (op, context) => {
    const options = depthwise ? depthwiseOptions(op.builtinOptions) : convOptions(op.builtinOptions);
    const input = context.input(op, 0);
    const weights = context.input(op, 1);
    const { height, width, channels } = context.spatial(input);
    const kernel = context.requireConstant(weights, 'weights');
    const [outer, kernelH, kernelW, inner] = weights.shape;
    const outChannels = depthwise ? inner : outer;
    if (weights.shape.length !== 4 || (!depthwise && inner !== channels) || (depthwise && (outer !== 1 || inner % channels !== 0))) {
      throw new UnsupportedOperator(`weights "${weights.name}" of shape [${weights.shape.join(', ')}] do not fit input channels ${channels}`);
    }
    // Depthwise [1, H, W, C*M] -> [C*M, 1, H, W]: output channel c*M+m sits in group c, as in ONNX grouped Conv.
    const perm = depthwise ? [3, 0, 1, 2] : [0, 3, 1, 2];
    const weightDims = depthwise ? [outChannels, 1, kernelH, kernelW] : [outChannels, channels, kernelH, kernelW];
    const inputs = [context.value(input), context.graph.float(weights.name, weightDims, transpose(kernel, weights.shape, perm))];
    const bias = context.optionalInput(op, 2);
    if (bias) inputs.push(context.graph.float(bias.name, [outChannels], context.requireConstant(bias, 'bias')));
    const attributes = {
      kernel_shape: [kernelH, kernelW],
      strides: [options.strideH, options.strideW],
      dilations: [options.dilationH, options.dilationW],
      pads: convPads(options, height, width, kernelH, kernelW),
      group: depthwise ? channels : 1,
    };
    emitActivated(context, context.output(op), options.activation, (target) => context.graph.node('Conv', inputs, target, attributes));
  };
}

function convPads(options: ConvOptions, height: number, width: number, kernelH: number, kernelW: number): number[] {
  return onnxPads(
    windowPadding(options.padding, height, kernelH, options.strideH, options.dilationH),
    windowPadding(options.padding, width, kernelW, options.strideW, options.dilationW),
  );
}

/**
 * Convolution2DTransposeBias (mediapipe/util/tflite/operations/transpose_conv_bias.cc): inputs data, OHWI weights,
 * bias. Output size stride*(in-1)+k-p with p = max(0, k-(in-1)%stride-1) for SAME, of which p/2 (rounded down)
 * is cropped at the start — exactly ONNX ConvTranspose with pads [p/2, p-p/2].
 */
function transposeConvBias(op: TfliteOperator, context: ConversionContext): void {
  const options = transposeConvBiasOptions(op.customOptions);
  if (!options) throw new UnsupportedOperator('custom options must hold padding (1 or 2), stride_width and stride_height');
  const input = context.input(op, 0);
  const weights = context.input(op, 1);
  const bias = context.input(op, 2);
  const { height, width, channels } = context.spatial(input);
  const [outChannels, kernelH, kernelW, inChannels] = weights.shape;
  if (weights.shape.length !== 4 || inChannels !== channels) {
    throw new UnsupportedOperator(`weights "${weights.name}" of shape [${weights.shape.join(', ')}] do not fit input channels ${channels}`);
  }
  const axisPads = (size: number, kernel: number, stride: number) => {
    const total = options.padding === Padding.SAME ? Math.max(0, kernel - ((size - 1) % stride) - 1) : 0;
    return { begin: Math.floor(total / 2), end: total - Math.floor(total / 2) };
  };
  const kernel = transpose(context.requireConstant(weights, 'weights'), weights.shape, [3, 0, 1, 2]);
  const inputs = [
    context.value(input),
    context.graph.float(weights.name, [inChannels, outChannels, kernelH, kernelW], kernel),
    context.graph.float(bias.name, [outChannels], context.requireConstant(bias, 'bias')),
  ];
  const attributes = {
    kernel_shape: [kernelH, kernelW],
    strides: [options.strideH, options.strideW],
    pads: onnxPads(axisPads(height, kernelH, options.strideH), axisPads(width, kernelW, options.strideW)),
  };
  context.graph.node('ConvTranspose', inputs, context.value(context.output(op)), attributes);
}

export const convolutionConverters: Record<string, OperatorConverter> = {
  CONV_2D: convolution(false),
  DEPTHWISE_CONV_2D: convolution(true),
  'custom:Convolution2DTransposeBias': transposeConvBias,
};
