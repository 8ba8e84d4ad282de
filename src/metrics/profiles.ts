/**
 * Metric profiles: what each reference tool does with the same counts, as plain data. `scoreWithProfile` reads these
 * fields and nothing else, so a profile is the complete statement of the semantics a report was made with.
 * Semantics were read from: MMSegmentation 1.x IoUMetric, cityscapesScripts evalPixelLevelSemanticLabeling,
 * torchmetrics 1.7+ segmentation.MeanIoU, segmentation_models_pytorch metrics.functional (get_stats + reductions).
 */
import { expected } from '../core/errors.js';

export type ProfileName = 'mmseg' | 'cityscapes' | 'torchmetrics' | 'smp';
export type SmpReduction = 'micro' | 'macro' | 'micro-imagewise' | 'macro-imagewise';

/** Summary keys, named as MMSegmentation names them. */
export type SummaryKey = 'aAcc' | 'mIoU' | 'mAcc' | 'mDice' | 'mFscore' | 'mPrecision' | 'mRecall';
/** Per-class keys; `m` + key is the matching summary key. */
export type ClassMetricKey = 'IoU' | 'Acc' | 'Dice' | 'Fscore' | 'Precision' | 'Recall';

export interface MetricProfile {
  readonly name: ProfileName;
  /** The implementation whose semantics this reproduces. */
  readonly reference: string;
  /** The tool's own options these semantics correspond to. */
  readonly options: Readonly<Record<string, string | number | boolean | null>>;
  /** Where tp/fp/fn are summed before dividing: over the whole dataset, or within each image. */
  readonly accumulation: 'dataset' | 'per-image';
  /**
   * How scores become one number. macro: a score per class, then the mean over classes (per-image: the mean over
   * images per class first). micro: tp/fp/fn summed over classes, one score (per-image: then the mean over images).
   * pooled: one mean over all (image, class) scores.
   */
  readonly average: 'macro' | 'micro' | 'pooled';
  /** Score of a class (or image) whose denominator is 0, e.g. absent from ground truth and prediction. */
  readonly zeroDivision: number;
  /** nanmean skips NaN scores; mean lets NaN through. */
  readonly mean: 'nanmean' | 'mean';
  /** Whether the `micro` summary fills a 0 denominator with `zeroDivision` (smp: only micro-imagewise does). */
  readonly microZeroDivision: boolean;
  /** F-score: from per-class precision and recall (NaN when both are 0) or from counts, 2tp / (2tp + fp + fn). */
  readonly fscore: 'precision-recall' | 'counts';
  /** Per-class value reported for a class whose score stays NaN (never present). */
  readonly absentClass: number;
  /** Summary metrics the tool reports; per-class arrays are reported for the matching keys. */
  readonly metrics: readonly SummaryKey[];
  /** What happens to pixels whose ground truth is the ignore index. */
  readonly ignore: string;
}

const DROP_IGNORED = 'pixels whose ground truth is the ignore index are removed before counting';

const mmseg: MetricProfile = {
  name: 'mmseg',
  reference: 'MMSegmentation 1.x mmseg/evaluation/metrics/iou_metric.py IoUMetric',
  options: { iou_metrics: 'mIoU,mDice,mFscore', nan_to_num: null, beta: 1 },
  accumulation: 'dataset',
  average: 'macro',
  zeroDivision: NaN,
  mean: 'nanmean',
  microZeroDivision: false,
  fscore: 'precision-recall',
  absentClass: NaN,
  metrics: ['aAcc', 'mIoU', 'mAcc', 'mDice', 'mFscore', 'mPrecision', 'mRecall'],
  ignore: DROP_IGNORED,
};

const cityscapes: MetricProfile = {
  name: 'cityscapes',
  reference: 'cityscapesScripts evaluation/evalPixelLevelSemanticLabeling.py (class IoU, "Score Average")',
  options: { evalInstLevelScore: false, evalPixelAccuracy: false },
  accumulation: 'dataset',
  average: 'macro',
  zeroDivision: NaN,
  mean: 'nanmean',
  microZeroDivision: false,
  fscore: 'counts',
  absentClass: NaN,
  metrics: ['mIoU'],
  ignore: `${DROP_IGNORED} (ignoreInEval ground truth adds no false positive; its row is never scored)`,
};

const torchmetrics: MetricProfile = {
  name: 'torchmetrics',
  reference: 'torchmetrics >= 1.7.1 segmentation.MeanIoU (index input)',
  options: { input_format: 'index', include_background: true, per_class: 'false for mIoU, true for IoU' },
  accumulation: 'per-image',
  average: 'pooled',
  zeroDivision: NaN,
  mean: 'nanmean',
  microZeroDivision: false,
  fscore: 'counts',
  absentClass: -1,
  metrics: ['mIoU'],
  ignore: `MeanIoU has no ignore_index; semseg applies its own: ${DROP_IGNORED}`,
};

/** segmentation_models_pytorch's iou_score / f1_score / precision / recall with the given reduction. */
export function smpProfile(reduction: SmpReduction = 'micro', zeroDivision = 1): MetricProfile {
  if (!['micro', 'macro', 'micro-imagewise', 'macro-imagewise'].includes(reduction)) {
    throw expected('micro, macro, micro-imagewise or macro-imagewise', 'reduction', reduction);
  }
  const imagewise = reduction.endsWith('-imagewise');
  if (typeof zeroDivision !== 'number') throw expected('a number (NaN allowed)', 'zeroDivision', zeroDivision);
  return {
    name: 'smp',
    reference: 'segmentation_models_pytorch metrics/functional.py get_stats(mode="multiclass") + reductions',
    options: { reduction, zero_division: zeroDivision, class_weights: null },
    accumulation: imagewise ? 'per-image' : 'dataset',
    average: reduction.startsWith('micro') ? 'micro' : 'macro',
    zeroDivision,
    mean: 'mean',
    microZeroDivision: imagewise,
    fscore: 'counts',
    absentClass: zeroDivision,
    metrics: ['mIoU', 'mFscore', 'mPrecision', 'mRecall'],
    ignore: `${DROP_IGNORED} (get_stats ignore_index; true negatives exclude them too)`,
  };
}

export const profiles: Readonly<Record<ProfileName, MetricProfile>> = {
  mmseg,
  cityscapes,
  torchmetrics,
  smp: smpProfile(),
};
