/** Two evaluation reports of the same dataset -> per-class deltas and the images that regressed most. */
import { describeValue, SemsegError } from '../core/errors.js';
import type { EvaluationReport } from './types.js';

export interface ReportComparison {
  summary: { key: string; before: number; after: number; delta: number }[];
  classes: { id: number; name: string; before: number; after: number; delta: number }[];
  /** Images present in both, by mIoU change, most regressed first. */
  regressions: { id: string; before: number; after: number; delta: number }[];
  /** Images in only one of the two reports. */
  unmatched: number;
  /** Images in both reports. */
  matched: number;
}

export function compareReports(before: EvaluationReport, after: EvaluationReport, top = 10): ReportComparison {
  const differs = Math.max(before.classes.length, after.classes.length);
  const first = Array.from({ length: differs }, (_, i) => i).find((i) => before.classes[i]?.name !== after.classes[i]?.name);
  if (first !== undefined) {
    // Only the first difference: the whole class lists of a 70,000-class table would make a 259 KB line.
    const name = (r: EvaluationReport) => describeValue(r.classes[first]?.name ?? '(none)');
    const received = `${before.classes.length} and ${after.classes.length} classes, first different at id ${first}: ${name(before)} and ${name(after)}`;
    throw new SemsegError('INVALID_ARGUMENT', `Expected two reports over the same classes for --compare but received ${received}`);
  }
  const keys = ['mIoU', 'aAcc', 'mAcc', 'fwIoU', 'mDice'] as const;
  const summary = keys.map((key) => ({ key, before: before.metrics[key], after: after.metrics[key], delta: after.metrics[key] - before.metrics[key] }));
  const classes = before.classes.map((c, i) => {
    const a = before.metrics.perClass.IoU[i];
    const b = after.metrics.perClass.IoU[i];
    return { id: c.id, name: c.name, before: a, after: b, delta: b - a };
  });
  const byId = new Map(before.images.map((r) => [r.id, r]));
  const regressions: ReportComparison['regressions'] = [];
  for (const r of after.images) {
    const a = byId.get(r.id);
    if (a && Number.isFinite(a.mIoU) && Number.isFinite(r.mIoU)) regressions.push({ id: r.id, before: a.mIoU, after: r.mIoU, delta: r.mIoU - a.mIoU });
  }
  regressions.sort((x, y) => x.delta - y.delta);
  return { summary, classes, regressions: regressions.slice(0, top), matched: regressions.length, unmatched: before.images.length + after.images.length - 2 * regressions.length };
}
