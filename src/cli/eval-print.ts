/** Terminal rendering of evaluation results and comparisons. */
import Table from 'cli-table3';
import type { ReportComparison } from '../evaluation/compare.js';
import type { EvaluationReport } from '../evaluation/types.js';

const pct = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '-' : (100 * v).toFixed(2));
const signed = (v: number) => (Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${(100 * v).toFixed(2)}` : '-');
const style = { head: [], border: [], compact: true };

export function formatReport(report: EvaluationReport): string {
  const p = report.metrics.perClass;
  const head = ['class', 'IoU %', 'Acc %', 'Dice %', 'Prec %', 'Rec %'];
  if (report.boundary) head.push('bIoU %');
  const table = new Table({ head, style });
  report.classes.forEach((c, i) => {
    const row = [c.name, pct(p.IoU[i]), pct(p.Acc[i]), pct(p.Dice[i]), pct(p.Precision[i]), pct(p.Recall[i])];
    if (report.boundary) row.push(pct(report.boundary.perClass[i]));
    table.push(row);
  });
  const m = report.metrics;
  const lines = [
    table.toString(),
    `${report.dataset.name}: ${report.images.length} image(s) scored, ${report.failures.length} failed, ${report.profile.pixels} pixels`,
    `mIoU ${pct(m.mIoU)} %  aAcc ${pct(m.aAcc)} %  mAcc ${pct(m.mAcc)} %  fwIoU ${pct(m.fwIoU)} %  mDice ${pct(m.mDice)} %`,
    `profile ${report.profile.profile}: ${Object.entries(report.profile.summary).map(([k, v]) => `${k} ${pct(v)}`).join('  ')}`,
  ];
  if (report.bootstrap) lines.push(`mIoU ${(100 * report.bootstrap.level).toFixed(0)} % bootstrap interval over images: ${pct(report.bootstrap.lower)} .. ${pct(report.bootstrap.upper)} % (${report.bootstrap.samples} resamples)`);
  if (report.boundary) lines.push(`boundary mIoU ${pct(report.boundary.mBoundaryIoU)} % (band ${report.boundary.dilationRatio} x diagonal)`);
  if (report.calibration) lines.push(`calibration: ECE ${pct(report.calibration.ece)} %, MCE ${pct(report.calibration.mce)} % (${report.calibration.bins.length} bins)`);
  lines.push(`${report.timing.seconds.toFixed(1)} s`);
  return lines.join('\n');
}

export function formatComparison(c: ReportComparison): string {
  const summary = new Table({ head: ['metric', 'before %', 'after %', 'delta'], style });
  for (const s of c.summary) summary.push([s.key, pct(s.before), pct(s.after), signed(s.delta)]);
  const classes = new Table({ head: ['class', 'IoU before %', 'IoU after %', 'delta'], style });
  for (const k of c.classes) classes.push([k.name, pct(k.before), pct(k.after), signed(k.delta)]);
  const images = new Table({ head: ['image', 'mIoU before %', 'mIoU after %', 'delta'], style });
  for (const r of c.regressions) images.push([r.id, pct(r.before), pct(r.after), signed(r.delta)]);
  const note = c.unmatched ? `\n${c.unmatched} image(s) appear in only one report` : '';
  return `${summary.toString()}\n${classes.toString()}\nmost regressed images:\n${images.toString()}${note}`;
}
