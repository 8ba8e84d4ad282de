/**
 * Builtin option tables of the supported operators (schema.fbs field ids, defaults when the table is absent) and
 * the custom options of MediaPipe's Convolution2DTransposeBias. Absent strides and window sizes read as 1 (the
 * schema default 0 is never a valid value).
 */
import type { FbTable } from './flatbuffer-table.js';
import { Padding } from './padding.js';

/** schema.fbs `ActivationFunctionType`. */
export const Activation = { NONE: 0, RELU: 1, RELU_N1_TO_1: 2, RELU6: 3, TANH: 4, SIGN_BIT: 5 } as const;

export interface ConvOptions {
  padding: number;
  strideW: number;
  strideH: number;
  dilationW: number;
  dilationH: number;
  activation: number;
}

export interface PoolOptions {
  padding: number;
  strideW: number;
  strideH: number;
  filterW: number;
  filterH: number;
  activation: number;
}

export interface ResizeOptions {
  alignCorners: boolean;
  halfPixelCenters: boolean;
}

/** Conv2DOptions: padding, stride_w, stride_h, fused_activation_function, dilation_w_factor, dilation_h_factor. */
export function convOptions(table: FbTable | undefined): ConvOptions {
  return {
    padding: table?.int8(0) ?? Padding.SAME,
    strideW: table?.int32(1, 1) ?? 1,
    strideH: table?.int32(2, 1) ?? 1,
    activation: table?.int8(3) ?? Activation.NONE,
    dilationW: table?.int32(4, 1) ?? 1,
    dilationH: table?.int32(5, 1) ?? 1,
  };
}

/** DepthwiseConv2DOptions: as Conv2DOptions with depth_multiplier (id 3, unused: the weights say it) in between. */
export function depthwiseOptions(table: FbTable | undefined): ConvOptions {
  return {
    padding: table?.int8(0) ?? Padding.SAME,
    strideW: table?.int32(1, 1) ?? 1,
    strideH: table?.int32(2, 1) ?? 1,
    activation: table?.int8(4) ?? Activation.NONE,
    dilationW: table?.int32(5, 1) ?? 1,
    dilationH: table?.int32(6, 1) ?? 1,
  };
}

/** Pool2DOptions: padding, stride_w, stride_h, filter_width, filter_height, fused_activation_function. */
export function poolOptions(table: FbTable | undefined): PoolOptions {
  return {
    padding: table?.int8(0) ?? Padding.SAME,
    strideW: table?.int32(1, 1) ?? 1,
    strideH: table?.int32(2, 1) ?? 1,
    filterW: table?.int32(3, 1) ?? 1,
    filterH: table?.int32(4, 1) ?? 1,
    activation: table?.int8(5) ?? Activation.NONE,
  };
}

/** Add/Sub/Mul/DivOptions all start with fused_activation_function. */
export function arithmeticActivation(table: FbTable | undefined): number {
  return table?.int8(0) ?? Activation.NONE;
}

/** ReducerOptions: keep_dims. */
export function keepDims(table: FbTable | undefined): boolean {
  return table?.bool(0) ?? false;
}

/** ResizeBilinearOptions: new_height and new_width (deprecated), align_corners, half_pixel_centers. */
export function resizeOptions(table: FbTable | undefined): ResizeOptions {
  return { alignCorners: table?.bool(2) ?? false, halfPixelCenters: table?.bool(3) ?? false };
}

/**
 * Convolution2DTransposeBias reads its custom options as a raw `TfLiteTransposeConvParams` struct: int32 padding
 * (TfLitePadding: 1 same, 2 valid), int32 stride_width, int32 stride_height. Returns undefined when too short.
 */
export function transposeConvBiasOptions(bytes: Uint8Array): { padding: number; strideW: number; strideH: number } | undefined {
  if (bytes.length < 12) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tfLitePadding = view.getInt32(0, true);
  if (tfLitePadding !== 1 && tfLitePadding !== 2) return undefined;
  return {
    padding: tfLitePadding === 1 ? Padding.SAME : Padding.VALID,
    strideW: view.getInt32(4, true),
    strideH: view.getInt32(8, true),
  };
}
