/**
 * Where an image lands inside the model input: the model input size and the content rectangle that holds the
 * (possibly resized) image. Postprocessing reads the same plan backwards.
 */
import type { InputSpec } from '../models/card-schema.js';

export interface InputPlan {
  imageWidth: number;
  imageHeight: number;
  /** Size of the tensor fed to the model. */
  inputWidth: number;
  inputHeight: number;
  /** Rectangle of the model input that holds image content (the rest is padding). */
  contentX: number;
  contentY: number;
  contentWidth: number;
  contentHeight: number;
}

export function planInput(imageWidth: number, imageHeight: number, spec: InputSpec): InputPlan {
  const plan: InputPlan = {
    imageWidth,
    imageHeight,
    inputWidth: imageWidth,
    inputHeight: imageHeight,
    contentX: 0,
    contentY: 0,
    contentWidth: imageWidth,
    contentHeight: imageHeight,
  };
  if (spec.size.mode === 'dynamic') {
    const { multipleOf: m, shortestEdge } = spec.size;
    if (shortestEdge !== undefined) [plan.contentWidth, plan.contentHeight] = scaleShortestEdge(imageWidth, imageHeight, shortestEdge);
    plan.inputWidth = Math.ceil(plan.contentWidth / m) * m;
    plan.inputHeight = Math.ceil(plan.contentHeight / m) * m;
    return plan;
  }
  const { width, height } = spec.size;
  plan.inputWidth = width;
  plan.inputHeight = height;
  if (spec.resize === 'letterbox') {
    const scale = Math.min(width / imageWidth, height / imageHeight);
    plan.contentWidth = Math.max(1, Math.round(imageWidth * scale));
    plan.contentHeight = Math.max(1, Math.round(imageHeight * scale));
    plan.contentX = Math.floor((width - plan.contentWidth) / 2);
    plan.contentY = Math.floor((height - plan.contentHeight) / 2);
  } else {
    // stretch, and 'none' on a fixed model (the image must already match; checked by the caller)
    plan.contentWidth = width;
    plan.contentHeight = height;
  }
  return plan;
}

/**
 * Size with the shorter side `edge` and the aspect kept; the longer side is truncated, as torchvision's resize and
 * Hugging Face's `get_resize_output_image_size` do (`int(edge * long / short)`).
 */
export function scaleShortestEdge(width: number, height: number, edge: number): [number, number] {
  const long = Math.max(1, Math.trunc((edge * Math.max(width, height)) / Math.min(width, height)));
  return width <= height ? [edge, long] : [long, edge];
}
