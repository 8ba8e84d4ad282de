/**
 * Per-image field statistics from a label map (platform-neutral): vegetation cover, crop, weed and soil shares of
 * the image, the weed/crop ratio, and the weed patches (connected components of weed pixels); and their totals
 * over a field, pixel-weighted (a field's cover is its vegetation pixels over its pixels, not a mean of images).
 */
import { findInstances } from '../instances/instances.js';
import { ROLE_CODE } from './roles.js';
import type { FieldImageStats, FieldShares, FieldStatsOptions, FieldTotals, RolePixels, WeedPatch } from './types.js';

export interface LabelledImage {
  labels: Uint8Array | Uint16Array;
  width: number;
  height: number;
}

function countRoles(labels: LabelledImage['labels'], roleOf: Uint8Array): RolePixels {
  const byCode = new Float64Array(5);
  for (let i = 0; i < labels.length; i++) byCode[roleOf[labels[i]]]++;
  return { pixels: labels.length, crop: byCode[ROLE_CODE.crop], weed: byCode[ROLE_CODE.weed], soil: byCode[ROLE_CODE.soil], otherVegetation: byCode[ROLE_CODE.vegetation], other: byCode[ROLE_CODE.other] };
}

export function sharesOf(counts: RolePixels): FieldShares {
  const area = counts.pixels || 1;
  return {
    cover: (counts.crop + counts.weed + counts.otherVegetation) / area,
    cropShare: counts.crop / area,
    weedShare: counts.weed / area,
    soilShare: counts.soil / area,
    weedCropRatio: counts.crop > 0 ? counts.weed / counts.crop : null,
  };
}

/** The weed components of an image (instances of a weed / not-weed map) and which of them are listed. */
export interface WeedComponents {
  /** Per pixel: its weed component (1..n in raster order of first pixels), 0 elsewhere. */
  ids: Uint32Array;
  /** Per component id (index id - 1): its patch id, 0 when too small to list. */
  patchIdOf: Int32Array;
  patches: WeedPatch[];
}

export function weedComponents(image: LabelledImage, roleOf: Uint8Array, options: FieldStatsOptions = {}): WeedComponents {
  const { labels, width, height } = image;
  const weed = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) weed[i] = roleOf[labels[i]] === ROLE_CODE.weed ? 1 : 0;
  const { ids, instances } = findInstances({ labels: weed, width, height }, { connectivity: options.connectivity ?? 8, classes: [1] });
  const minPixels = options.minPatchPixels ?? 1;
  const patchIdOf = new Int32Array(instances.length);
  const patches: WeedPatch[] = [];
  for (const instance of instances) {
    if (instance.area < minPixels) continue;
    const [x, y, boxWidth, boxHeight] = instance.bbox;
    patches.push({ id: patches.length + 1, pixels: instance.area, bbox: { x, y, width: boxWidth, height: boxHeight } });
    patchIdOf[instance.id - 1] = patches.length;
  }
  return { ids, patchIdOf, patches };
}

function patchSummary(patches: readonly { pixels: number }[]): { largestPatchPixels: number; meanPatchPixels: number | null } {
  const total = patches.reduce((sum, p) => sum + p.pixels, 0);
  return { largestPatchPixels: patches.reduce((max, p) => Math.max(max, p.pixels), 0), meanPatchPixels: patches.length ? total / patches.length : null };
}

export function fieldImageStats(image: LabelledImage, roleOf: Uint8Array, weeds: WeedComponents): FieldImageStats {
  const counts = countRoles(image.labels, roleOf);
  return { width: image.width, height: image.height, ...sharesOf(counts), counts, patches: weeds.patches, ...patchSummary(weeds.patches) };
}

/** Totals of one field: the images that were measured, and how many of its images failed. */
export function fieldTotals(field: string, images: readonly FieldImageStats[], failed: number): FieldTotals {
  const counts: RolePixels = { pixels: 0, crop: 0, weed: 0, soil: 0, otherVegetation: 0, other: 0 };
  for (const image of images) for (const key of Object.keys(counts) as (keyof RolePixels)[]) counts[key] += image.counts[key];
  const patches = images.flatMap((image) => image.patches);
  return { field, images: images.length, failed, ...sharesOf(counts), counts, patchCount: patches.length, ...patchSummary(patches) };
}
