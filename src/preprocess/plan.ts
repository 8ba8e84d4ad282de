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
    const m = spec.size.multipleOf;
    plan.inputWidth = Math.ceil(imageWidth / m) * m;
    plan.inputHeight = Math.ceil(imageHeight / m) * m;
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
