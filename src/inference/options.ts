/**
 * Inference options (whole image or sliding windows, blending, test-time augmentation), validated once and
 * resolved against the model card and the image size into one settled plan.
 */
import { expected } from '../core/errors.js';
import { showWindow, strideProblem, windowProblem, type ModelCard } from '../models/card-schema.js';
import { BLEND_MODES, type BlendMode } from './blend.js';
import type { Size } from './window-plan.js';

export const INFERENCE_MODES = ['auto', 'whole', 'slide'] as const;
export type InferenceMode = (typeof INFERENCE_MODES)[number];

export interface TtaOptions {
  /** Add a left-right mirrored copy of every scale. */
  flip?: boolean;
  /** Image scale factors; default [1]. */
  scales?: number[];
}

export interface InferenceOptions {
  /** `auto` (default): whole image up to the card's `inference.wholeMaxPixels` (dynamic-size models), else slide. */
  mode?: InferenceMode;
  /** Window size; default card `inference.crop`, else the model's fixed size, else 512x512. */
  crop?: Size;
  /** Window step; default card `inference.stride` (with the card's crop), else two thirds of the crop. */
  stride?: Size;
  /** Blending of overlapping windows; default `uniform` (MMSegmentation's average). */
  blend?: BlendMode;
  /** Test-time augmentation: softmax probabilities averaged over every scale (and its flip). Default: the card's. */
  tta?: TtaOptions;
}

export interface Augmentation {
  scale: number;
  flip: boolean;
}

export interface ResolvedInference {
  mode: 'whole' | 'slide';
  /** Why this mode, for people: says when slide was chosen automatically. */
  reason: string;
  crop: Size;
  stride: Size;
  blend: BlendMode;
  /** Absent without TTA. Ordered scale by scale, each unflipped then flipped (MMSegmentation's order). */
  augmentations?: Augmentation[];
}

const DEFAULT_CROP = 512;
const MAX_SCALE = 8;

function checkSize(size: Size, name: string): void {
  const ok = (v: number) => Number.isInteger(v) && v >= 1;
  if (!size || !ok(size.width) || !ok(size.height)) throw expected('positive integer width and height', name, size);
}

/** Window sizes that run in reasonable time for this model (rules in card-schema.ts, docs/inputs.md). */
function checkWindows(card: ModelCard, crop: Size, stride: Size, cropGiven: boolean): void {
  const strideIssue = strideProblem(stride, crop);
  if (strideIssue) throw expected(strideIssue, 'stride', showWindow(stride));
  const multipleOf = card.input.size.mode === 'dynamic' ? card.input.size.multipleOf : 1;
  const cropIssue = cropGiven ? windowProblem(crop, multipleOf) : undefined;
  if (cropIssue) throw expected(cropIssue, 'crop', showWindow(crop));
}

const twoThirds = (size: Size): Size => ({ width: Math.max(1, Math.floor((size.width * 2) / 3)), height: Math.max(1, Math.floor((size.height * 2) / 3)) });

/** Checks every option (throws `INVALID_ARGUMENT` naming the option). */
export function validateInferenceOptions(options: InferenceOptions): void {
  if (options.mode !== undefined && !INFERENCE_MODES.includes(options.mode)) throw expected(`one of ${INFERENCE_MODES.join(', ')}`, 'mode', options.mode);
  if (options.crop !== undefined) checkSize(options.crop, 'crop');
  if (options.stride !== undefined) checkSize(options.stride, 'stride');
  if (options.blend !== undefined && !BLEND_MODES.includes(options.blend)) throw expected(`one of ${BLEND_MODES.join(', ')}`, 'blend', options.blend);
  const scales = options.tta?.scales;
  if (scales !== undefined && (!Array.isArray(scales) || scales.length === 0 || scales.some((s) => !(s > 0 && s <= MAX_SCALE)))) {
    throw expected(`a non-empty list of scales in (0, ${MAX_SCALE}]`, 'tta.scales', scales);
  }
}

/** The window size and step for this model and these options, checked. */
function windowsFor(card: ModelCard, options: InferenceOptions): { crop: Size; stride: Size } {
  const fixed = card.input.size.mode === 'fixed' ? card.input.size : undefined;
  const crop = options.crop ?? card.inference.crop ?? (fixed ? { width: fixed.width, height: fixed.height } : { width: DEFAULT_CROP, height: DEFAULT_CROP });
  const stride = options.stride ?? (options.crop ? undefined : card.inference.stride) ?? twoThirds(crop);
  checkWindows(card, crop, stride, options.crop !== undefined);
  return { crop, stride };
}

/**
 * Checks the options against a model once, before any image (a batch refuses `--crop 10` up front instead of
 * failing every image): everything resolveInference() would refuse that does not depend on the image.
 */
export function checkInferenceOptions(card: ModelCard, options: InferenceOptions): void {
  validateInferenceOptions(options);
  windowsFor(card, options);
}

/** Settles mode, windows and augmentations for one image; `streamed` images (read region by region) must slide. */
export function resolveInference(card: ModelCard, width: number, height: number, options: InferenceOptions = {}, streamed = false): ResolvedInference {
  validateInferenceOptions(options);
  const fixed = card.input.size.mode === 'fixed' ? card.input.size : undefined;
  const { crop, stride } = windowsFor(card, options);
  const requested = options.mode ?? 'auto';
  if (streamed && requested === 'whole') throw expected('mode slide or auto for an image read region by region (raise the streaming threshold to run it whole)', 'mode', requested);
  const limit = card.inference.wholeMaxPixels;
  let mode: 'whole' | 'slide' = requested === 'auto' ? 'whole' : requested;
  let reason = requested === 'auto' ? 'whole image' : `${requested} (requested)`;
  if (requested === 'auto' && streamed) {
    mode = 'slide';
    reason = 'slide: the image is read region by region';
  } else if (requested === 'auto' && !fixed && width * height > limit) {
    mode = 'slide';
    reason = `slide: ${width}x${height} is above the model's whole-image limit of ${limit} pixels`;
  }
  if (mode === 'slide') reason += ` (windows ${showWindow(crop)}, stride ${showWindow(stride)})`;
  const tta = options.tta ?? card.inference.tta;
  const augmentations = tta && isAugmenting(tta) ? (tta.scales ?? [1]).flatMap((scale) => (tta.flip ? [{ scale, flip: false }, { scale, flip: true }] : [{ scale, flip: false }])) : undefined;
  return { mode, reason, crop, stride, blend: options.blend ?? 'uniform', augmentations };
}

/** `--tta none` ({}) or a single scale 1 without flip is the plain model. */
function isAugmenting(tta: TtaOptions): boolean {
  return tta.flip === true || (tta.scales !== undefined && !(tta.scales.length === 1 && tta.scales[0] === 1));
}

/** Size of the image at `scale`: round half up per side, as MMCV's rescale does, at least 1 pixel. */
export function scaledSize(width: number, height: number, scale: number): Size {
  return { width: Math.max(1, Math.floor(width * scale + 0.5)), height: Math.max(1, Math.floor(height * scale + 0.5)) };
}
