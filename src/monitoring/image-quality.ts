/**
 * Per-image quality statistics of one prediction, what quality monitoring records and compares (docs/monitoring.md):
 * the share of the image's pixels per class, the mean confidence (probability of the chosen class), the share of
 * pixels whose confidence is below a threshold, and the mean normalised entropy of the class probabilities.
 * Platform-neutral: a LabelMap in, plain numbers out.
 */
import { expected } from '../core/errors.js';
import type { LabelMap } from '../core/types.js';
import type { ClassStat } from '../formats/render.js';

/** Pixels below this confidence count as low-confidence unless told otherwise. */
export const DEFAULT_LOW_CONFIDENCE = 0.5;

export interface QualityOptions {
  /** Confidence below which a pixel counts as low-confidence, in (0, 1]; default 0.5. */
  lowConfidence?: number;
}

export interface ImageQuality {
  /** Pixels of the label map. */
  pixels: number;
  /** Share of the pixels per class, in the order of the model's classes (sums to 1). */
  classShare: number[];
  /** Mean over pixels of the chosen class's probability; null without confidence (models that output labels). */
  meanConfidence: number | null;
  /** Share of pixels whose confidence is below `lowConfidenceThreshold`; null without confidence. */
  lowConfidenceShare: number | null;
  /** The threshold `lowConfidenceShare` was counted with. */
  lowConfidenceThreshold: number;
  /** Mean entropy of the class probabilities over ln(classes), in [0, 1]; null without it (LabelMap.meanEntropy). */
  meanEntropy: number | null;
}

/** Checks a low-confidence threshold once, at the boundary. */
export function checkLowConfidence(value: number | undefined): number {
  const threshold = value ?? DEFAULT_LOW_CONFIDENCE;
  if (!(threshold > 0 && threshold <= 1)) throw expected('a number in (0, 1]', 'lowConfidence', value);
  return threshold;
}

/**
 * The quality statistics of one label map (its confidence and meanEntropy when present). `stats`, the map's
 * classStats when the caller has them already (predict() does), saves counting the labels a second time.
 */
export function imageQuality(map: LabelMap, options: QualityOptions = {}, stats?: readonly ClassStat[]): ImageQuality {
  const threshold = checkLowConfidence(options.lowConfidence);
  const { labels, confidence } = map;
  const n = labels.length;
  const classShare = stats ? stats.map((s) => (n > 0 ? s.share : 0)) : sharesOf(map);
  let meanConfidence: number | null = null;
  let lowConfidenceShare: number | null = null;
  if (confidence && n > 0) {
    let sum = 0;
    let low = 0;
    for (let i = 0; i < n; i++) {
      const c = confidence[i];
      sum += c;
      if (c < threshold) low++;
    }
    meanConfidence = sum / n;
    lowConfidenceShare = low / n;
  }
  return {
    pixels: n,
    classShare,
    meanConfidence,
    lowConfidenceShare,
    lowConfidenceThreshold: threshold,
    meanEntropy: map.meanEntropy ?? null,
  };
}

function sharesOf({ labels, classes }: LabelMap): number[] {
  const n = labels.length;
  const counts = new Float64Array(labels instanceof Uint8Array ? 256 : 65536);
  for (let i = 0; i < n; i++) counts[labels[i]]++;
  return classes.map((c) => (n > 0 ? counts[c.id] / n : 0));
}
