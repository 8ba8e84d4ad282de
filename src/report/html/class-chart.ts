/** Per-class scores: a horizontal bar chart of IoU (boundary IoU as a second, lighter bar) and a table. */
import type { EvaluationReport } from '../../evaluation/types.js';
import { esc, pct, rgb, swatch } from './format.js';

const BAR_WIDTH = 380;
const CHAR_WIDTH = 6.6;

function order(values: number[]): number[] {
  const rank = (v: number) => (Number.isNaN(v) ? -1 : v);
  return values.map((_, i) => i).sort((a, b) => rank(values[b]) - rank(values[a]) || a - b);
}

function grid(left: number, top: number, height: number): string {
  return [0, 0.25, 0.5, 0.75, 1]
    .map((t) => {
      const x = left + t * BAR_WIDTH;
      return `<line x1="${x}" y1="${top}" x2="${x}" y2="${top + height}" stroke="#dde1e8"/><text x="${x}" y="${top - 5}" text-anchor="middle" fill="#5b6475">${100 * t}</text>`;
    })
    .join('');
}

export function classIouChart(report: EvaluationReport): string {
  const iou = report.metrics.perClass.IoU;
  const boundary = report.boundary?.perClass;
  const left = 12 + CHAR_WIDTH * Math.max(...report.classes.map((c) => c.name.length));
  const rowHeight = boundary ? 28 : 18;
  const top = 22;
  const height = rowHeight * report.classes.length;
  const rows = order(iou).map((i, row) => {
    const c = report.classes[i];
    const y = top + row * rowHeight + 3;
    const bar = (value: number, dy: number, h: number, opacity: number, tip: string) =>
      Number.isNaN(value)
        ? ''
        : `<rect x="${left}" y="${y + dy}" width="${(value * BAR_WIDTH).toFixed(1)}" height="${h}" fill="${rgb(c.color)}" fill-opacity="${opacity}" stroke="#333" stroke-opacity=".35"><title>${esc(c.name)} ${tip} ${pct(value)} %</title></rect>` +
          `<text x="${left + value * BAR_WIDTH + 4}" y="${y + dy + h - 1}"${opacity < 1 ? ' fill="#5b6475" font-size="9"' : ''}>${pct(value, 1)}</text>`;
    const label = `<text x="${left - 6}" y="${y + 10}" text-anchor="end">${esc(c.name)}</text>`;
    const missing = Number.isNaN(iou[i]) ? `<text x="${left + 4}" y="${y + 10}" fill="#5b6475">- (absent)</text>` : '';
    return label + missing + bar(iou[i], 0, 12, 1, 'IoU') + (boundary ? bar(boundary[i], 14, 8, 0.45, 'boundary IoU') : '');
  });
  const width = left + BAR_WIDTH + 48;
  const legend = boundary ? '<p class="muted">Solid bar: IoU. Light bar below: boundary IoU.</p>' : '';
  return `<svg viewBox="0 0 ${width} ${top + height + 6}" width="${width}" role="img" aria-label="class IoU bar chart" class="chart-iou">${grid(left, top, height)}${rows.join('')}</svg>${legend}`;
}

export function classTable(report: EvaluationReport): string {
  const p = report.metrics.perClass;
  const b = report.boundary?.perClass;
  const totalGt = p.gtPixels.reduce((s, v) => s + v, 0);
  const head = ['class', 'IoU', ...(b ? ['bIoU'] : []), 'Acc', 'Dice', 'Prec', 'Recall', 'GT share'];
  const rows = report.classes.map((c, i) => {
    const cells = [pct(p.IoU[i]), ...(b ? [pct(b[i])] : []), pct(p.Acc[i]), pct(p.Dice[i]), pct(p.Precision[i]), pct(p.Recall[i]), pct(p.gtPixels[i] / totalGt)];
    return `<tr><td>${swatch(c.color)}${esc(c.name)}</td>${cells.map((v) => `<td>${v}</td>`).join('')}</tr>`;
  });
  return `<div class="scroll"><table><thead><tr>${head.map((h) => `<th>${h}${h === 'class' ? '' : ' %'}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}
