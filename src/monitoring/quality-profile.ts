/**
 * The reference profile of a model's quality statistics (docs/monitoring.md): from the per-image statistics of
 * many predictions, per class the histogram of the per-image pixel share, the histograms of the per-image mean
 * confidence, low-confidence share and mean entropy, and the mean class distribution. Drift (drift-monitor.ts)
 * compares a window of later images with it. Plain JSON data; the file format is versioned (profile-schema.ts).
 */
import { expected } from '../core/errors.js';
import type { ClassInfo } from '../core/types.js';
import { referenceHistogram, type Histogram } from './histogram.js';
import type { ImageQuality } from './image-quality.js';

export const PROFILE_FORMAT = 'semseg-quality-profile';
export const PROFILE_VERSION = 1;
/** Fewer images say too little about a distribution to compare anything with. */
export const MIN_PROFILE_IMAGES = 10;
export const MAX_BINS = 100;

export interface ProfileClass {
  id: number;
  name: string;
  /** Histogram of the class's per-image pixel share; its mean is classDistribution's entry. */
  share: Histogram;
}

export interface QualityProfile {
  format: typeof PROFILE_FORMAT;
  version: typeof PROFILE_VERSION;
  model: { name: string; version: string };
  createdAt: string;
  /** What the images were, in the recorder's words (e.g. the command line's inputs). */
  source?: string;
  images: number;
  /** Quantile bins asked for; a histogram has fewer where reference values repeat. */
  bins: number;
  /** Confidence below which a pixel counted as low-confidence. */
  lowConfidenceThreshold: number;
  classes: ProfileClass[];
  /** Mean over images of each class's pixel share (sums to 1): Jensen-Shannon compares it. */
  classDistribution: number[];
  /** Per-image mean confidence; null for models without confidence. */
  confidence: Histogram | null;
  /** Per-image share of low-confidence pixels; null without confidence. */
  lowConfidence: Histogram | null;
  /** Per-image mean normalised entropy; null without probabilities. */
  entropy: Histogram | null;
}

export interface ProfileOptions {
  /** Quantile bins per histogram, 2..100; default defaultBins(images). */
  bins?: number;
  source?: string;
  /** ISO time stamp; default now. */
  createdAt?: string;
}

/**
 * 10 bins (the usual PSI choice) from 200 reference images; fewer below, one per 20 images (at least 2): two samples
 * of one distribution differ by a PSI of about (bins - 1) / images from the reference's side alone, which this
 * keeps under half the warning threshold of 0.1.
 */
export function defaultBins(images: number): number {
  return Math.min(10, Math.max(2, Math.floor(images / 20)));
}

type Scalar = 'meanConfidence' | 'lowConfidenceShare' | 'meanEntropy';

/** The histogram of one per-image figure: every image has it, or none (null). */
function scalarHistogram(stats: readonly ImageQuality[], key: Scalar, bins: number): Histogram | null {
  const values = stats.map((s) => s[key]);
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return null;
  if (present.length !== values.length) throw expected(`${key} in every image or in none`, 'quality statistics', `${present.length} of ${values.length} images with it`);
  return referenceHistogram(present, bins);
}

export function buildQualityProfile(model: { name: string; version: string; classes: ClassInfo[] }, stats: readonly ImageQuality[], options: ProfileOptions = {}): QualityProfile {
  if (stats.length < MIN_PROFILE_IMAGES) throw expected(`at least ${MIN_PROFILE_IMAGES} images`, 'the reference profile', stats.length);
  const bins = options.bins ?? defaultBins(stats.length);
  if (!Number.isInteger(bins) || bins < 2 || bins > MAX_BINS) throw expected(`an integer from 2 to ${MAX_BINS}`, 'bins', options.bins);
  const K = model.classes.length;
  const threshold = stats[0].lowConfidenceThreshold;
  for (const s of stats) {
    if (s.classShare.length !== K) throw expected(`${K} class shares (model ${model.name})`, 'quality statistics', s.classShare.length);
    if (s.lowConfidenceThreshold !== threshold) throw expected(`one low-confidence threshold in every image (${threshold})`, 'quality statistics', s.lowConfidenceThreshold);
  }
  const classes = model.classes.map((c, i) => ({ id: c.id, name: c.name, share: referenceHistogram(stats.map((s) => s.classShare[i]), bins) }));
  return {
    format: PROFILE_FORMAT,
    version: PROFILE_VERSION,
    model: { name: model.name, version: model.version },
    createdAt: options.createdAt ?? new Date().toISOString(),
    ...(options.source !== undefined ? { source: options.source } : {}),
    images: stats.length,
    bins,
    lowConfidenceThreshold: threshold,
    classes,
    classDistribution: classes.map((c) => c.share.mean),
    confidence: scalarHistogram(stats, 'meanConfidence', bins),
    lowConfidence: scalarHistogram(stats, 'lowConfidenceShare', bins),
    entropy: scalarHistogram(stats, 'meanEntropy', bins),
  };
}
