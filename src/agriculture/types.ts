/** Public types of the field statistics (`semseg field`, docs/agriculture.md). */
import type { Connectivity } from '../vectors/components.js';

/** A patch's bounding box in pixels. */
export interface PatchBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FieldStatsOptions {
  /** Neighbourhood of a weed patch (default 8: diagonal neighbours join). */
  connectivity?: Connectivity;
  /** Weed patches smaller than this many pixels are not listed (their pixels still count as weed). Default 1. */
  minPatchPixels?: number;
}

export interface WeedPatch {
  /** 1..n in raster order of the patch's first pixel, among the listed patches. */
  id: number;
  pixels: number;
  bbox: PatchBox;
}

/** Pixel counts by role; crop, weed and unassigned vegetation together are the vegetation cover. */
export interface RolePixels {
  pixels: number;
  crop: number;
  weed: number;
  soil: number;
  /** Vegetation of no known kind (role "vegetation"). */
  otherVegetation: number;
  /** Classes without a role. */
  other: number;
}

/** Shares of the image area (0..1); weedCropRatio is weed / crop pixels, null without crop. */
export interface FieldShares {
  cover: number;
  cropShare: number;
  weedShare: number;
  soilShare: number;
  weedCropRatio: number | null;
}

export interface FieldImageStats extends FieldShares {
  width: number;
  height: number;
  counts: RolePixels;
  patches: WeedPatch[];
  largestPatchPixels: number;
  meanPatchPixels: number | null;
}

export interface FieldTotals extends FieldShares {
  /** The folder the images came from. */
  field: string;
  images: number;
  failed: number;
  counts: RolePixels;
  patchCount: number;
  largestPatchPixels: number;
  meanPatchPixels: number | null;
}

/** One image of a `semseg field` run: its statistics, or the coded error it failed with. */
export interface FieldItem {
  file: string;
  /** The folder it came from (its field). */
  field: string;
  ok: boolean;
  code?: string;
  error?: string;
  stats?: FieldImageStats;
  /** Pictures for the HTML report (data: URIs), when one is written. */
  thumbnail?: { width: number; height: number; photo?: string; overlay: string };
}

export interface FieldReport {
  tool: 'semseg';
  model: { name: string; version: string };
  /** Class names per role, as used. */
  roles: { crop: string[]; weed: string[]; soil: string[]; vegetation: string[] };
  options: Required<FieldStatsOptions>;
  /** Per field (folder), in order of first appearance. */
  fields: FieldTotals[];
  /** Over every image measured. */
  total: FieldTotals;
  images: FieldItem[];
}
