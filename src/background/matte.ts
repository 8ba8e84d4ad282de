/**
 * Alpha mattes from class probabilities: the foreground's alpha is the summed probability of its classes (a soft
 * edge where the model hesitates), optionally feathered (box-blurred twice, a tent of the given radius). Platform-neutral.
 */
import type { ProbabilityPlanes } from '../inference/probabilities.js';
import { boxMean } from './box-filter.js';

/** Per-pixel sum of the probabilities of `foreground` class ids, 0..1. */
export function foregroundMatte(planes: ProbabilityPlanes, foreground: readonly number[]): Float32Array {
  const pixels = planes.width * planes.height;
  const matte = new Float32Array(pixels);
  for (const id of foreground) {
    const plane = planes.data.subarray(id * pixels, (id + 1) * pixels);
    for (let i = 0; i < pixels; i++) matte[i] += plane[i];
  }
  for (let i = 0; i < pixels; i++) if (matte[i] > 1) matte[i] = 1;
  return matte;
}

/** The matte softened over about `radius` pixels on each side of an edge (two box passes of half the radius). */
export function featherMatte(matte: Float32Array, width: number, height: number, radius: number): Float32Array {
  if (radius <= 0) return matte;
  const half = Math.max(1, Math.round(radius / 2));
  const scratch = new Float32Array(matte.length);
  const once = new Float32Array(matte.length);
  const out = new Float32Array(matte.length);
  boxMean(matte, width, height, half, once, scratch);
  boxMean(once, width, height, half, out, scratch);
  return out;
}

/** 1 where the matte is at least `threshold`, else 0. */
export function thresholdMatte(matte: Float32Array, threshold = 0.5): Uint8Array {
  const mask = new Uint8Array(matte.length);
  for (let i = 0; i < matte.length; i++) mask[i] = matte[i] >= threshold ? 1 : 0;
  return mask;
}

