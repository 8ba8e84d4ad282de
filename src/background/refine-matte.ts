/** The matte of one frame: foreground probabilities -> feathered -> (optionally) guided by the photo. Platform-neutral. */
import type { RasterImage } from '../core/types.js';
import type { ProbabilityPlanes } from '../inference/probabilities.js';
import { featherMatte, foregroundMatte } from './matte.js';
import { guidedFilter, guideLuma } from './guided-filter.js';
import type { MatteOptions } from './types.js';

export const DEFAULT_FEATHER = 2;
export const DEFAULT_GUIDED_RADIUS = 8;
export const DEFAULT_GUIDED_EPSILON = 1e-3;

export function buildMatte(image: RasterImage, planes: ProbabilityPlanes, options: MatteOptions): Float32Array {
  const { width, height } = image;
  const soft = featherMatte(foregroundMatte(planes, options.foreground), width, height, options.feather ?? DEFAULT_FEATHER);
  if ((options.refine ?? 'none') === 'none') return soft;
  const guide = guideLuma(image.data, width * height, image.channels);
  return guidedFilter(guide, soft, width, height, { radius: options.guidedRadius ?? DEFAULT_GUIDED_RADIUS, epsilon: options.guidedEpsilon ?? DEFAULT_GUIDED_EPSILON });
}
