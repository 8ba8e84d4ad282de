/**
 * replaceBackground(): one image -> the model's class probabilities -> a soft matte of the foreground classes ->
 * the photo composited over its backdrop. Frames of a video take composeFrame() with probabilities they smoothed.
 */
import type { RasterImage } from '../core/types.js';
import type { SegmentationModel } from '../models/types.js';
import { classProbabilities, type ProbabilityPlanes } from '../inference/probabilities.js';
import { buildMatte } from './refine-matte.js';
import { compositeOver, rgbOf } from './composite.js';
import type { Backdrop } from './backdrop.js';
import type { BackgroundResult, MatteOptions } from './types.js';

export async function composeFrame(image: RasterImage, planes: ProbabilityPlanes, backdrop: Backdrop, options: MatteOptions): Promise<BackgroundResult> {
  const matte = buildMatte(image, planes, options);
  const behind = await backdrop(image);
  const rgb = compositeOver(rgbOf(image), 3, behind, matte);
  return { rgb, matte, width: image.width, height: image.height };
}

export async function replaceBackground(model: SegmentationModel, image: RasterImage, backdrop: Backdrop, options: MatteOptions): Promise<BackgroundResult> {
  return composeFrame(image, await classProbabilities(model, image), backdrop, options);
}
