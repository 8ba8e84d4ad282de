/** "How these numbers were computed": the metric definitions and the chosen profile's semantics, spelled out. */
import type { EvaluationReport } from '../../evaluation/types.js';
import { esc } from './format.js';

const score = (v: number) => (Number.isNaN(v) ? 'undefined (shown as -)' : String(v));

function profileDetails(report: EvaluationReport): string {
  const s = report.profile.semantics;
  const options = Object.entries(s.options).map(([k, v]) => `${k}=${v === null ? 'None' : String(v)}`).join(', ');
  const rows: [string, string][] = [
    ['reference', s.reference],
    ['tool options', options || '-'],
    ['accumulation', s.accumulation === 'dataset' ? 'tp / fp / fn summed over the whole dataset, then divided' : 'tp / fp / fn counted within each image, scores averaged over images'],
    ['average', s.average],
    ['0 / 0 score', score(s.zeroDivision)],
    ['mean over classes', s.mean === 'nanmean' ? 'nanmean (undefined scores skipped)' : 'mean (undefined scores kept)'],
    ['absent class reported as', score(s.absentClass)],
    ['ignored pixels', s.ignore],
    ['metrics', s.metrics.join(', ')],
  ];
  return `<dl class="meta">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
}

export function method(report: EvaluationReport): string {
  const b = report.bootstrap;
  const items = [
    `Every scored image adds its pixels to one confusion matrix (rows: ground truth, columns: prediction). Pixels whose ground truth is the ignore index (${report.ignoreIndex}) are left out of every count.`,
    'Per class: IoU = TP / (TP + FP + FN), Acc = Recall = TP / (TP + FN), Precision = TP / (TP + FP), Dice = 2 TP / (2 TP + FP + FN). A class with no pixel in ground truth or prediction has an undefined score, shown as "-".',
    'The headline numbers use semseg\'s metric set (MMSegmentation semantics: dataset-accumulated counts, nanmean over classes): aAcc = correct / counted pixels, mIoU, mAcc and mDice are means over classes with a defined score, fwIoU weights each class IoU by its share of ground-truth pixels.',
    'Per-image numbers (table, worst images) use the same definitions on the counts of one image; mIoU of an image averages the classes present in its ground truth or prediction.',
  ];
  if (report.boundary) items.push(`Boundary IoU (Cheng et al. 2021): IoU restricted to a band of width ${report.boundary.dilationRatio} × the image diagonal around the class contours of ground truth and prediction, summed over the dataset.`);
  if (report.calibration) items.push(`Calibration: each pixel's confidence is the softmax probability of the predicted class; pixels go to ${report.calibration.bins.length} equal-width bins; ECE is the pixel-weighted mean of |accuracy − confidence| over bins, MCE its maximum.`);
  if (b) items.push(`Bootstrap: images resampled with replacement ${b.samples} times (seed ${b.seed}); the ${(100 * b.level).toFixed(0)} % interval is the percentile interval of the dataset mIoU over the resamples.`);
  return `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>
<h3>Profile <code>${esc(report.profile.profile)}</code></h3>
<p class="muted">The profile line under the headline reproduces this tool's exact semantics on the same counts.</p>
${profileDetails(report)}`;
}
