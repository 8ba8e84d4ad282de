/** The per-image table: one row per scored image, sortable by any column through a small inline script. */
import type { EvaluationReport } from '../../evaluation/types.js';
import { esc, int, pct, swatch } from './format.js';

/** Sorts a table.sortable by the clicked column; numeric columns parse their text, '-' (undefined) sorts last. */
export const SORT_SCRIPT = `
for (const table of document.querySelectorAll('table.sortable')) {
  const heads = [...table.tHead.rows[0].cells];
  heads.forEach((th, col) => th.addEventListener('click', () => {
    const dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
    const numeric = th.dataset.type === 'num';
    const key = (row) => {
      const text = row.cells[col].textContent;
      return numeric ? parseFloat(text.replace(/[^0-9.eE+-]/g, '')) : text;
    };
    const rows = [...table.tBodies[0].rows].map((row) => [key(row), row]);
    rows.sort(([a], [b]) => {
      if (!numeric) return a.localeCompare(b, undefined, { numeric: true }) * dir;
      if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) - Number.isNaN(b);
      return (a - b) * dir;
    });
    heads.forEach((h) => h.removeAttribute('aria-sort'));
    th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
    for (const [, row] of rows) table.tBodies[0].appendChild(row);
  }));
}
`;

/** A score cell tinted from red (0) to green (1) in ten steps. */
function scoreCell(value: number): string {
  return Number.isFinite(value) ? `<td class="q${Math.min(9, Math.floor(value * 10))}">${pct(value, 1)}</td>` : '<td>-</td>';
}

export function imagesTable(report: EvaluationReport): string {
  const worstRank = new Map(report.worst.map((id, k) => [id, k + 1]));
  const head = [
    '<th data-type="num">#</th>',
    '<th>image</th>',
    '<th data-type="num">pixels</th>',
    '<th data-type="num">aAcc %</th>',
    '<th data-type="num">mIoU %</th>',
    ...report.classes.map((c) => `<th data-type="num" title="IoU % of ${esc(c.name)}">${swatch(c.color)}${esc(c.name)}</th>`),
  ];
  const rows = report.images.map((r, i) => {
    const rank = worstRank.get(r.id);
    const id = rank ? `<a href="#worst-${rank}" title="worst image ${rank}">${esc(r.id)}</a>` : esc(r.id);
    return `<tr><td>${i + 1}</td><td>${id}</td><td>${int(r.pixels)}</td>${scoreCell(r.aAcc)}${scoreCell(r.mIoU)}${r.IoU.map(scoreCell).join('')}</tr>`;
  });
  return `<div class="scroll"><table class="sortable images"><thead><tr>${head.join('')}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table></div>`;
}
