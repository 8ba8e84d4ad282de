/** Reports as CSV: one table per class, one per image. Undefined scores are empty cells. */
import type { EvaluationReport } from '../evaluation/types.js';

function cell(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = String(value ?? '');
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV table with a header row; quotes cells that need it, leaves undefined numbers empty. */
export function csvTable(header: string[], rows: unknown[][]): string {
  return `${[header, ...rows].map((row) => row.map(cell).join(',')).join('\n')}\n`;
}

export function classesCsv(report: EvaluationReport): string {
  const p = report.metrics.perClass;
  const rows = report.classes.map((c, i) => [c.id, c.name, p.IoU[i], p.Acc[i], p.Dice[i], p.Precision[i], p.Recall[i], report.boundary?.perClass[i] ?? NaN, p.gtPixels[i], p.predPixels[i]]);
  return csvTable(['id', 'name', 'IoU', 'Acc', 'Dice', 'Precision', 'Recall', 'BoundaryIoU', 'gtPixels', 'predPixels'], rows);
}

export function imagesCsv(report: EvaluationReport): string {
  const rows = report.images.map((r) => [r.id, r.pixels, r.aAcc, r.mIoU, ...r.IoU]);
  return csvTable(['id', 'pixels', 'aAcc', 'mIoU', ...report.classes.map((c) => `IoU_${c.name}`)], rows);
}
