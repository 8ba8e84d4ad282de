/** Terminal rendering of evaluation results and comparisons. */
import Table from 'cli-table3';
import type { ReportComparison } from '../evaluation/compare.js';
import type { EvaluationReport } from '../evaluation/types.js';

const pct = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '-' : (100 * v).toFixed(2));
const signed = (v: number) => (Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${(100 * v).toFixed(2)}` : '-');
const style = { head: [], border: [], compact: true };

/** Changes within 0.01 points (of IoU in percent) are noise of the last printed digit, not regressions. */
export const COMPARE_TOLERANCE = 1e-4;

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

/** Only what changed: classes whose IoU moved by more than the tolerance, images whose mIoU fell by more. */
export function formatComparison(c: ReportComparison, tolerance = COMPARE_TOLERANCE): string {
  const points = `${(100 * tolerance).toFixed(2)}`;
  const summary = new Table({ head: ['metric', 'before %', 'after %', 'delta'], style });
  for (const s of c.summary) summary.push([s.key, pct(s.before), pct(s.after), signed(s.delta)]);
  const lines = [summary.toString()];
  const changed = c.classes.filter((k) => !(Math.abs(k.delta) <= tolerance));
  const regressed = changed.filter((k) => k.delta < -tolerance).length;
  const improved = changed.filter((k) => k.delta > tolerance).length;
  const unchanged = c.classes.length - changed.length;
  const counts = `${improved} improved, ${unchanged} within ${points}${changed.length > regressed + improved ? `, ${changed.length - regressed - improved} undefined in one report` : ''}`;
  if (regressed === 0) lines.push(`no class regressed by more than ${points} IoU points; ${counts}`);
  else lines.push(`${regressed} class(es) regressed by more than ${points} IoU points; ${counts}`);
  if (changed.length > 0) {
    const classes = new Table({ head: ['class', 'IoU before %', 'IoU after %', 'delta'], style });
    for (const k of changed) classes.push([k.name, pct(k.before), pct(k.after), signed(k.delta)]);
    lines.push(classes.toString());
  }
  const worse = c.regressions.filter((r) => r.delta < -tolerance);
  if (worse.length === 0) lines.push(`no image regressed by more than ${points} mIoU points (${c.matched} image(s) in both reports)`);
  else {
    const images = new Table({ head: ['image', 'mIoU before %', 'mIoU after %', 'delta'], style });
    for (const r of worse) images.push([r.id, pct(r.before), pct(r.after), signed(r.delta)]);
    lines.push(`most regressed images:\n${images.toString()}`);
  }
  if (c.unmatched) lines.push(`${c.unmatched} image(s) appear in only one report`);
  return lines.join('\n');
}
