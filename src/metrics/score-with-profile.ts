/**
 * Counts -> report under one tool's semantics (see profiles.ts). Input is either the dataset total (a matrix or
 * class counts) or one entry per image; per-image profiles need the latter, dataset profiles sum it.
 * Scores are fractions (0..1), not percentages, in float64; NaN marks an undefined score.
 */
import { expected } from '../core/errors.js';
import { sumClassCounts, toClassCounts, type ClassCounts } from './class-counts.js';
import type { ConfusionMatrix } from './confusion-matrix.js';
import type { ClassMetricKey, MetricProfile, ProfileName, SummaryKey } from './profiles.js';
import { divide, mean, nanMean } from './reduce.js';

export interface MetricReport {
  /** Which tool's semantics produced these numbers. */
  profile: ProfileName;
  /** The full profile used. */
  semantics: MetricProfile;
  numClasses: number;
  /** Images scored, or null when scored from a dataset total. */
  images: number | null;
  /** Pixels counted (ignored pixels excluded). */
  pixels: number;
  summary: Partial<Record<SummaryKey, number>>;
  perClass: Partial<Record<ClassMetricKey, number[]>>;
}

export type ScoreInput = ConfusionMatrix | ClassCounts | readonly (ConfusionMatrix | ClassCounts)[];

function score(key: ClassMetricKey, tp: number, fp: number, fn: number, profile: MetricProfile, zero: number): number {
  switch (key) {
    case 'IoU':
      return divide(tp, tp + fp + fn, zero);
    case 'Acc':
    case 'Recall':
      return divide(tp, tp + fn, zero);
    case 'Precision':
      return divide(tp, tp + fp, zero);
    case 'Dice':
      return divide(2 * tp, 2 * tp + fp + fn, zero);
    case 'Fscore': {
      if (profile.fscore === 'counts') return divide(2 * tp, 2 * tp + fp + fn, zero);
      const p = divide(tp, tp + fp, zero);
      const r = divide(tp, tp + fn, zero);
      return (2 * p * r) / (p + r);
    }
  }
}

function classScores(counts: ClassCounts, key: ClassMetricKey, profile: MetricProfile): number[] {
  const out: number[] = [];
  for (let c = 0; c < counts.numClasses; c++) {
    out.push(score(key, counts.tp[c], counts.fp[c], counts.fn[c], profile, profile.zeroDivision));
  }
  return out;
}

function microScore(counts: ClassCounts, key: ClassMetricKey, profile: MetricProfile): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let c = 0; c < counts.numClasses; c++) {
    tp += counts.tp[c];
    fp += counts.fp[c];
    fn += counts.fn[c];
  }
  return score(key, tp, fp, fn, profile, profile.microZeroDivision ? profile.zeroDivision : NaN);
}

function normalise(input: ScoreInput): { images: ClassCounts[] | null; total: ClassCounts } {
  if (!Array.isArray(input)) {
    const total = toClassCounts(input as ConfusionMatrix | ClassCounts, 'input');
    return { images: null, total };
  }
  if (input.length === 0) throw expected('at least one image', 'input', input);
  const images = input.map((item, i) => toClassCounts(item, `input[${i}]`));
  return { images, total: sumClassCounts(images, images[0].numClasses) };
}

/** Scores per class and summary of one metric key, dataset accumulation. */
function datasetScores(total: ClassCounts, key: ClassMetricKey, profile: MetricProfile, average: (v: number[]) => number) {
  const perClass = classScores(total, key, profile);
  const summary = profile.average === 'micro' ? microScore(total, key, profile) : average(perClass);
  return { perClass, summary };
}

/** Scores per class and summary of one metric key, per-image accumulation. */
function imageScores(images: ClassCounts[], key: ClassMetricKey, profile: MetricProfile, average: (v: number[]) => number) {
  const n = images[0].numClasses;
  const byImage = images.map((image) => classScores(image, key, profile));
  const perClass: number[] = [];
  for (let c = 0; c < n; c++) perClass.push(average(byImage.map((scores) => scores[c])));
  let summary: number;
  if (profile.average === 'micro') summary = average(images.map((image) => microScore(image, key, profile)));
  else if (profile.average === 'pooled') summary = average(byImage.flat());
  else summary = average(perClass);
  return { perClass, summary };
}

export function scoreWithProfile(profile: MetricProfile, input: ScoreInput): MetricReport {
  if (profile === null || typeof profile !== 'object' || typeof profile.accumulation !== 'string') {
    throw expected('a metric profile (see profiles)', 'profile', profile);
  }
  const { images, total } = normalise(input);
  if (profile.accumulation === 'per-image' && images === null) {
    throw expected(`per-image counts (an array) for the ${profile.name} profile`, 'input', 'one dataset total');
  }
  const average = profile.mean === 'nanmean' ? nanMean : mean;
  const report: MetricReport = {
    profile: profile.name,
    semantics: profile,
    numClasses: total.numClasses,
    images: images === null ? null : images.length,
    pixels: total.pixels,
    summary: {},
    perClass: {},
  };
  for (const key of profile.metrics) {
    if (key === 'aAcc') {
      let correct = 0;
      for (let c = 0; c < total.numClasses; c++) correct += total.tp[c];
      report.summary.aAcc = divide(correct, total.pixels);
      continue;
    }
    const classKey = key.slice(1) as ClassMetricKey;
    const scores =
      profile.accumulation === 'dataset'
        ? datasetScores(total, classKey, profile, average)
        : imageScores(images as ClassCounts[], classKey, profile, average);
    report.summary[key] = scores.summary;
    report.perClass[classKey] = scores.perClass.map((v) => (Number.isNaN(v) ? profile.absentClass : v));
  }
  return report;
}
