/**
 * The dataset confusion matrix as a heatmap: ground-truth classes as rows, predicted classes as columns, each row
 * normalised by its ground-truth pixels (ignored pixels are never counted). Colour follows the square root of the
 * share so that small confusions stay visible; values are printed for up to 24 classes.
 */
import type { Rgb } from '../../core/types.js';
import type { EvaluationReport } from '../../evaluation/types.js';
import { esc, int, pct, rgb, swatch } from './format.js';

const LOW: Rgb = [247, 249, 252];
const HIGH: Rgb = [16, 52, 130];
const CHAR_WIDTH = 6.6;

function shade(share: number): Rgb {
  const t = Math.sqrt(share);
  return LOW.map((v, k) => Math.round(v + (HIGH[k] - v) * t)) as Rgb;
}

function label(share: number): string {
  if (share >= 0.995) return '100';
  if (share >= 0.1) return (100 * share).toFixed(0);
  return share >= 0.001 ? (100 * share).toFixed(1) : '';
}

function colorBar(x: number, y: number): string {
  const steps = 40;
  const rects = Array.from({ length: steps }, (_, i) => `<rect x="${x + i * 5}" y="${y}" width="5.5" height="10" fill="${rgb(shade(i / (steps - 1)))}"/>`).join('');
  const ticks = [0, 0.05, 0.25, 0.5, 1]
    .map((s) => `<text x="${x + Math.sqrt(s) * (steps - 1) * 5 + 2.5}" y="${y + 22}" text-anchor="middle" fill="#5b6475">${100 * s}</text>`)
    .join('');
  return `${rects}${ticks}<text x="${x + steps * 5 + 8}" y="${y + 9}" fill="#5b6475">% of the row's GT pixels</text>`;
}

export function confusionHeatmap(report: EvaluationReport): string {
  const { classes, confusion } = report;
  const n = classes.length;
  const cell = n <= 12 ? 40 : n <= 20 ? 34 : Math.max(6, Math.floor(720 / n));
  const showValues = n <= 24;
  const nameWidth = 22 + CHAR_WIDTH * Math.max(...classes.map((c) => c.name.length));
  const left = nameWidth + 18;
  const top = nameWidth + 18;
  const side = n * cell;
  const parts: string[] = [];
  const fontSize = Math.min(11, Math.max(5, cell - 2));
  classes.forEach((c, i) => {
    const mid = i * cell + cell / 2;
    parts.push(`<rect x="${left - 14}" y="${top + mid - 4}" width="8" height="8" fill="${rgb(c.color)}"/><text x="${left - 18}" y="${top + mid + 4}" text-anchor="end" font-size="${fontSize}">${esc(c.name)}</text>`);
    parts.push(`<rect x="${left + mid - 4}" y="${top - 14}" width="8" height="8" fill="${rgb(c.color)}"/><text transform="translate(${left + mid + 4} ${top - 18}) rotate(-90)" font-size="${fontSize}">${esc(c.name)}</text>`);
  });
  confusion.forEach((row, r) => {
    const total = row.reduce((s, v) => s + v, 0);
    row.forEach((count, p) => {
      const share = total > 0 ? count / total : NaN;
      const x = left + p * cell;
      const y = top + r * cell;
      const fill = Number.isNaN(share) ? '#eceef2' : rgb(shade(share));
      const tip = n <= 40 ? `<title>GT ${esc(classes[r].name)} → predicted ${esc(classes[p].name)}: ${Number.isNaN(share) ? 'no GT pixels' : `${(100 * share).toFixed(2)} % (${int(count)} px)`}</title>` : '';
      parts.push(`<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${fill}"${r === p ? ' stroke="#111" stroke-opacity=".5"' : ''}>${tip}</rect>`);
      const text = showValues && !Number.isNaN(share) ? label(share) : '';
      if (text) parts.push(`<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" text-anchor="middle" fill="${share > 0.3 ? '#fff' : '#1d2330'}">${text}</text>`);
    });
  });
  parts.push(`<text x="${left + side / 2}" y="12" text-anchor="middle" font-weight="600">predicted class</text>`);
  parts.push(`<text transform="translate(12 ${top + side / 2}) rotate(-90)" text-anchor="middle" font-weight="600">ground truth class</text>`);
  parts.push(colorBar(left, top + side + 14));
  const width = left + Math.max(side, 420) + 10;
  const height = top + side + 44;
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" role="img" aria-label="confusion matrix heatmap" class="chart-confusion">${parts.join('')}</svg>`;
}

/** The most frequent confusions of the dataset: off-diagonal cells by pixel count. */
export function confusionList(report: EvaluationReport, limit = 12): string {
  const { classes, confusion } = report;
  const rowTotals = confusion.map((row) => row.reduce((s, v) => s + v, 0));
  const counted = rowTotals.reduce((s, v) => s + v, 0);
  const cells = confusion
    .flatMap((row, g) => row.map((count, p) => ({ g, p, count })))
    .filter((c) => c.g !== c.p && c.count > 0)
    .sort((a, b) => b.count - a.count)
    .slice(0, limit);
  if (cells.length === 0) return '<p class="muted">No pixel was confused.</p>';
  const rows = cells.map(({ g, p, count }) => {
    const name = (i: number) => `${swatch(classes[i].color)}${esc(classes[i].name)}`;
    return `<tr><td>${name(g)}</td><td>${name(p)}</td><td>${pct(count / rowTotals[g], 1)}</td><td>${pct(count / counted, 2)}</td></tr>`;
  });
  return `<h3>Most frequent confusions</h3><table class="left"><thead><tr><th>ground truth</th><th>predicted as</th><th>% of GT class</th><th>% of all pixels</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
