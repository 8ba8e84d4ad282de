/**
 * Pixels of the field report's pictures (platform-neutral): the outline of each listed weed patch, and a small
 * overlay of the photo with crop and weed tinted and the outlines drawn on top. Outlines are downscaled with "any
 * outline pixel in the block", so that one-pixel lines survive the thumbnail.
 */
import type { Rgb } from '../core/types.js';
import type { Labels } from '../report/html/panel-pixels.js';
import { ROLE_CODE } from './roles.js';
import type { WeedComponents } from './field-stats.js';

export const CROP_TINT: Rgb = [0, 210, 60];
export const WEED_TINT: Rgb = [235, 30, 30];
/** Vegetation of no known kind (a crop/weed-blind model such as `vegetation`). */
export const VEGETATION_TINT: Rgb = [150, 255, 110];
export const OUTLINE_COLOR: Rgb = [255, 235, 0];
const TINT_OPACITY = 0.45;
const TINTS: (Rgb | undefined)[] = [];
TINTS[ROLE_CODE.crop] = CROP_TINT;
TINTS[ROLE_CODE.weed] = WEED_TINT;
TINTS[ROLE_CODE.vegetation] = VEGETATION_TINT;

/** 1 where a pixel of a listed patch touches (4-neighbourhood) anything outside its patch or the image edge. */
export function patchOutline(weeds: WeedComponents, width: number, height: number): Uint8Array {
  const { ids } = weeds;
  const patchAt = (p: number) => (ids[p] === 0 ? 0 : weeds.patchIdOf[ids[p] - 1]);
  const outline = new Uint8Array(width * height);
  for (let y = 0, p = 0; y < height; y++) {
    for (let x = 0; x < width; x++, p++) {
      const patch = patchAt(p);
      if (patch === 0) continue;
      const edge = x === 0 || y === 0 || x === width - 1 || y === height - 1;
      if (edge || patchAt(p - 1) !== patch || patchAt(p + 1) !== patch || patchAt(p - width) !== patch || patchAt(p + width) !== patch) outline[p] = 1;
    }
  }
  return outline;
}

/** A 0/1 mask at outWidth x outHeight: 1 where any source pixel of the block is 1. */
export function downscaleAny(mask: Uint8Array, width: number, height: number, outWidth: number, outHeight: number): Uint8Array {
  const out = new Uint8Array(outWidth * outHeight);
  for (let y = 0, p = 0; y < height; y++) {
    const row = Math.min(outHeight - 1, Math.floor((y * outHeight) / height)) * outWidth;
    for (let x = 0; x < width; x++, p++) if (mask[p]) out[row + Math.min(outWidth - 1, Math.floor((x * outWidth) / width))] = 1;
  }
  return out;
}

/** RGB: the photo (or mid grey without one), crop and weed tinted, patch outlines on top. */
export function fieldOverlay(photo: Uint8Array | undefined, labels: Labels, outline: Uint8Array, roleOf: Uint8Array): Uint8Array {
  const out = new Uint8Array(labels.length * 3);
  for (let p = 0, o = 0; p < labels.length; p++, o += 3) {
    const role = roleOf[labels[p]];
    const tint = outline[p] ? OUTLINE_COLOR : TINTS[role];
    const opacity = outline[p] ? 1 : TINT_OPACITY;
    for (let c = 0; c < 3; c++) {
      const base = photo ? photo[o + c] : 110;
      out[o + c] = tint ? Math.round(base * (1 - opacity) + tint[c] * opacity) : base;
    }
  }
  return out;
}
