/**
 * Everything an evaluation accumulates, image by image: the dataset confusion matrix, per-image class counts
 * (for per-image metrics, per-image profiles and the bootstrap), boundary IoU, calibration, and the k worst images.
 * One per-image matrix is reused, so memory does not grow with image size beyond the inputs themselves.
 */
import type { ClassInfo } from '../core/types.js';
import {
  bootstrapMiou,
  classCounts,
  computeMetrics,
  createBoundaryIoU,
  createCalibration,
  createConfusionMatrix,
  profiles,
  scoreWithProfile,
  type ClassCounts,
  type LabelGrid,
} from '../metrics/index.js';
import type { EvaluationOptions, EvaluationReport, ImageRecord, WorstSample } from './types.js';

export interface EvaluationAccumulator {
  add(sample: { id: string; imagePath?: string; labelPath: string }, gt: LabelGrid, pred: LabelGrid, confidence?: Float32Array): ImageRecord;
  finish(): Pick<EvaluationReport, 'metrics' | 'profile' | 'confusion' | 'boundary' | 'calibration' | 'bootstrap' | 'images' | 'worst'>;
  worstSamples(): WorstSample[];
}

export function createEvaluationAccumulator(classes: ClassInfo[], ignoreIndex: number, options: EvaluationOptions): EvaluationAccumulator {
  const labelOptions = { numClasses: classes.length, ignoreIndex };
  const total = createConfusionMatrix(labelOptions);
  const image = createConfusionMatrix(labelOptions);
  const perImage: ClassCounts[] = [];
  const records: ImageRecord[] = [];
  const boundary = options.boundary ? createBoundaryIoU(labelOptions) : undefined;
  const calibration = options.calibration ? createCalibration(labelOptions) : undefined;
  const worst: WorstSample[] = [];

  function keepIfWorst(record: ImageRecord, gt: LabelGrid, pred: LabelGrid): void {
    if (options.worst <= 0 || Number.isNaN(record.mIoU)) return;
    if (worst.length === options.worst && record.mIoU >= worst[worst.length - 1].record.mIoU) return;
    worst.push({ record, gt: gt.labels.slice(), pred: pred.labels.slice(), width: gt.width, height: gt.height });
    worst.sort((a, b) => a.record.mIoU - b.record.mIoU);
    if (worst.length > options.worst) worst.pop();
  }

  return {
    add(sample, gt, pred, confidence) {
      image.reset();
      image.update(gt, pred);
      boundary?.update(gt, pred);
      if (calibration && confidence) calibration.update(confidence, gt, pred);
      total.add(image);
      const counts = classCounts(image);
      perImage.push(counts);
      const m = computeMetrics(counts);
      const record: ImageRecord = { id: sample.id, imagePath: sample.imagePath, labelPath: sample.labelPath, pixels: counts.pixels, aAcc: m.aAcc, mIoU: m.mIoU, IoU: m.perClass.IoU };
      records.push(record);
      keepIfWorst(record, gt, pred);
      return record;
    },
    finish() {
      const n = classes.length;
      const confusion = Array.from({ length: n }, (_, r) => Array.from(total.counts.subarray(r * n, (r + 1) * n)));
      const profile = profiles[options.profile];
      return {
        metrics: computeMetrics(total),
        profile: scoreWithProfile(profile, profile.accumulation === 'per-image' ? perImage : total),
        confusion,
        boundary: boundary?.result(),
        calibration: calibration?.result(),
        bootstrap: options.bootstrap > 0 && perImage.length > 1 ? bootstrapMiou(perImage, { samples: options.bootstrap }) : undefined,
        images: records,
        worst: worst.map((w) => w.record.id),
      };
    },
    worstSamples: () => worst,
  };
}
