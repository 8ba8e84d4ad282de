/**
 * What a job carries: plain JSON, paths and options, never image bytes (workers read the input from a file system
 * they share with the submitter). Ids are derived from the input's content, where it is written and how it is
 * predicted, so submitting the same batch twice adds nothing.
 */
import { createHash } from 'node:crypto';
import type { InferenceMode, TtaOptions } from '../inference/options.js';
import type { BlendMode } from '../inference/blend.js';
import type { Size } from '../inference/window-plan.js';
import type { OutputKind } from '../pipeline/outputs.js';
import type { ClassStat } from '../formats/render.js';
import type { Rect } from './tile-plan.js';

/** The predict() options a job may carry (all JSON). */
export interface JobSettings {
  outputs: OutputKind[];
  opacity: number;
  legend?: boolean;
  transparent?: number[];
  timeoutMs?: number;
  maxPixels: number;
  mode: InferenceMode;
  crop?: Size;
  stride?: Size;
  blend: BlendMode;
  tta?: TtaOptions;
}

export interface ModelRef {
  /** Embedded model name or an absolute path (.onnx file or model folder). */
  model: string;
  card?: string;
}

interface Common {
  /** Absolute path of the input image. */
  input: string;
  /** The input as given at submission (recorded in the JSON output, as `semseg predict` does). */
  source: string;
  model: ModelRef;
  settings: JobSettings;
}

/** One image, predicted whole (or with sliding windows) by one worker. */
export interface ImageJobData extends Common {
  kind: 'image';
  /** Output folder (absolute) and the output stem inside it. */
  out: string;
  name: string;
}

/** One tile of a huge raster: `region` is read and segmented with the raster's window plan, `core` is kept. */
export interface TileJobData extends Common {
  kind: 'tile';
  region: Rect;
  core: Rect;
  crop: Size;
  stride: Size;
  /** Where the tile's labels go (raw, row-major, core size). */
  file: string;
}

/** The parent of a raster's tiles: stitches their labels once all are done. */
export interface StitchJobData extends Common {
  kind: 'stitch';
  out: string;
  name: string;
  width: number;
  height: number;
  crop: Size;
  stride: Size;
  tileDir: string;
}

export type JobData = ImageJobData | TileJobData | StitchJobData;

/** A finished image (or stitched raster): the job's return value. */
export interface ImageResult {
  source: string;
  files: string[];
  width: number;
  height: number;
  stats: ClassStat[];
  /** Tiles a huge raster was split into. */
  tiles?: number;
  /** Outputs asked for but not written (the overlay and confidence of a tiled raster). */
  skipped?: OutputKind[];
}

export interface TileResult {
  file: string;
  core: Rect;
}

/** A BullMQ job id (no colon, not a number): `prefix-` + 32 hex digits of a hash of `parts`. */
export function jobId(prefix: string, parts: unknown): string {
  return `${prefix}-${createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32)}`;
}
