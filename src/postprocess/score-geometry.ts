/** Reads an output tensor's shape against the card and the input plan: channels, size, strides, content window. */
import type { RuntimeTensor } from '../core/types.js';
import { SemsegError } from '../core/errors.js';
import type { OutputSpec } from '../models/card-schema.js';
import type { InputPlan } from '../preprocess/plan.js';

export interface ScoreGeometry {
  channels: number;
  width: number;
  height: number;
  /** Distance between two channels of one pixel, and between two pixels of one channel. */
  cStride: number;
  pStride: number;
  /** Content rectangle of the plan, in output pixels (fractional when the output is smaller than the input). */
  x0: number;
  y0: number;
  spanX: number;
  spanY: number;
}

export function scoreGeometry(output: RuntimeTensor, spec: OutputSpec, plan: InputPlan): ScoreGeometry {
  const dims = output.dims;
  let channels: number, height: number, width: number;
  if (spec.kind === 'labels' && dims.length === 3) {
    [, height, width] = dims;
    channels = 1;
  } else if (dims.length === 4 && dims[0] === 1) {
    [channels, height, width] = spec.layout === 'NCHW' ? [dims[1], dims[2], dims[3]] : [dims[3], dims[1], dims[2]];
  } else {
    throw new SemsegError('MODEL_MISMATCH', `Expected a model output of shape [1, C, H, W] or [1, H, W, C] but received [${dims.join(', ')}]`);
  }
  const nchw = spec.layout === 'NCHW' || dims.length === 3;
  const sx = width / plan.inputWidth;
  const sy = height / plan.inputHeight;
  return {
    channels,
    width,
    height,
    cStride: nchw ? width * height : 1,
    pStride: nchw ? 1 : channels,
    x0: plan.contentX * sx,
    y0: plan.contentY * sy,
    spanX: plan.contentWidth * sx,
    spanY: plan.contentHeight * sy,
  };
}
