/**
 * Explicit padding as the TFLite kernels compute it (tensorflow/lite/kernels/padding.h): SAME gives
 * ceil(in / stride) outputs and puts the odd extra pixel after the data (bottom/right); VALID pads nothing.
 */

/** schema.fbs `Padding`. */
export const Padding = { SAME: 0, VALID: 1 } as const;

export interface AxisPadding {
  begin: number;
  end: number;
}

/** Padding of one spatial axis for a (possibly dilated) convolution or pooling window. */
export function windowPadding(padding: number, input: number, kernel: number, stride: number, dilation = 1): AxisPadding {
  if (padding !== Padding.SAME) return { begin: 0, end: 0 };
  const extent = (kernel - 1) * dilation + 1;
  const output = Math.ceil(input / stride);
  const total = Math.max((output - 1) * stride + extent - input, 0);
  const begin = Math.floor(total / 2);
  return { begin, end: total - begin };
}

/** ONNX `pads` ([top, left, bottom, right]) from the two axes. */
export function onnxPads(height: AxisPadding, width: AxisPadding): number[] {
  return [height.begin, width.begin, height.end, width.end];
}
