/**
 * The field report as one self-contained HTML page (the eval report's shell, tables and helpers): totals per field,
 * a sortable table of images, and per image its photo beside an overlay with crop and weed tinted and every listed
 * weed patch outlined, with its largest patches.
 */
import { esc, int, pct, rgb } from '../report/html/format.js';
import { SORT_SCRIPT } from '../report/html/images-table.js';
import { page } from '../report/html/page.js';
import { CROP_TINT, OUTLINE_COLOR, VEGETATION_TINT, WEED_TINT } from './field-panel.js';
import type { FieldItem, FieldReport, FieldTotals } from './types.js';

/** Patches listed under each image (all of them are in patches.csv). */
const PATCHES_SHOWN = 8;

const ratio = (value: number | null) => (value === null ? '-' : value.toFixed(3));
const mean = (value: number | null) => (value === null ? '-' : int(value));
const key = (color: [number, number, number], text: string) => `<span><i class="sw" style="background:${rgb(color)}"></i>${text}</span>`;

function card(label: string, value: string, main = false): string {
  return `<div class="card${main ? ' main' : ''}"><b>${value}</b><span>${label}</span></div>`;
}

function totalsCards(t: FieldTotals): string {
  return `<div class="cards">${card('vegetation cover %', pct(t.cover, 1), true)}${card('crop %', pct(t.cropShare, 1))}${card('weed %', pct(t.weedShare, 1))}${card('weed / crop', ratio(t.weedCropRatio))}${card('weed patches', int(t.patchCount))}${card('images', `${t.images}${t.failed ? ` <small>${t.failed} failed</small>` : ''}`)}</div>`;
}

const SHARE_HEADS = '<th data-type="num">cover %</th><th data-type="num">crop %</th><th data-type="num">weed %</th><th data-type="num">soil %</th><th data-type="num">weed/crop</th><th data-type="num">patches</th><th data-type="num">largest px</th><th data-type="num">mean px</th>';

function fieldsTable(report: FieldReport): string {
  const row = (t: FieldTotals) => `<tr><td>${esc(t.field)}</td><td>${t.images}</td><td>${t.failed}</td><td>${pct(t.cover)}</td><td>${pct(t.cropShare)}</td><td>${pct(t.weedShare)}</td><td>${pct(t.soilShare)}</td><td>${ratio(t.weedCropRatio)}</td><td>${int(t.patchCount)}</td><td>${int(t.largestPatchPixels)}</td><td>${mean(t.meanPatchPixels)}</td></tr>`;
  return `<table class="sortable left"><thead><tr><th>field</th><th data-type="num">images</th><th data-type="num">failed</th>${SHARE_HEADS}</tr></thead><tbody>
${[...report.fields.map(row), row(report.total)].join('\n')}
</tbody></table>`;
}

function imagesTable(report: FieldReport): string {
  const rows = report.images.map((item, i) => {
    const s = item.stats;
    const name = s ? `<a href="#image-${i + 1}">${esc(item.file)}</a>` : esc(item.file);
    const cells = s
      ? `<td>${pct(s.cover)}</td><td>${pct(s.cropShare)}</td><td>${pct(s.weedShare)}</td><td>${pct(s.soilShare)}</td><td>${ratio(s.weedCropRatio)}</td><td>${s.patches.length}</td><td>${int(s.largestPatchPixels)}</td><td>${mean(s.meanPatchPixels)}</td>`
      : `<td colspan="8" class="muted">failed: ${esc(item.error)} [${esc(item.code)}]</td>`;
    return `<tr><td>${i + 1}</td><td>${name}</td><td>${esc(item.field)}</td>${cells}</tr>`;
  });
  return `<div class="scroll"><table class="sortable images"><thead><tr><th data-type="num">#</th><th>image</th><th>field</th>${SHARE_HEADS}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table></div>`;
}

function imagePanel(item: FieldItem, index: number): string {
  const s = item.stats!;
  const pictures = item.thumbnail
    ? [item.thumbnail.photo ? `<figure><img src="${item.thumbnail.photo}" alt="${esc(item.file)} image"><figcaption>image</figcaption></figure>` : '',
       `<figure><img src="${item.thumbnail.overlay}" alt="${esc(item.file)} crop, weed and weed patches"><figcaption>crop, weed, weed patches outlined</figcaption></figure>`].join('')
    : '';
  const largest = [...s.patches].sort((a, b) => b.pixels - a.pixels).slice(0, PATCHES_SHOWN);
  const patches = largest.length
    ? `<p class="pairs">Largest weed patches (id: pixels at x,y w×h): ${largest.map((p) => `<span class="pair">#${p.id}: <b>${int(p.pixels)}</b> at ${p.bbox.x},${p.bbox.y} ${p.bbox.width}×${p.bbox.height}</span>`).join(' ')}</p>`
    : '<p class="pairs">No weed patches.</p>';
  return `<div class="worst" id="image-${index + 1}">
<h3>${esc(item.file)} — cover ${pct(s.cover, 1)} %, crop ${pct(s.cropShare, 1)} %, weed ${pct(s.weedShare, 1)} %, ${s.patches.length} weed patch(es) (${s.width}×${s.height})</h3>
${patches}
<div class="panels" style="grid-template-columns:repeat(2,1fr)">${pictures}</div>
</div>`;
}

export function fieldReportHtml(report: FieldReport): string {
  const roles = (['crop', 'weed', 'soil', 'vegetation'] as const).map((role) => `<dt>${role}</dt><dd>${esc(report.roles[role].join(', ') || '-')}</dd>`).join('');
  const measured = report.images.map((item, i) => (item.stats ? imagePanel(item, i) : '')).join('\n');
  const body = `<header><h1>Field report — ${esc(report.model.name)}</h1>
<p class="muted">Shares are of the image area; cover is crop + weed + other vegetation. Weed patches: connected weed pixels (${report.options.connectivity}-connectivity), at least ${report.options.minPatchPixels} px.</p>
<dl class="meta"><dt>model</dt><dd>${esc(report.model.name)} (version ${esc(report.model.version)})</dd>${roles}</dl>
${totalsCards(report.total)}</header>
<section><h2>Fields</h2>${fieldsTable(report)}</section>
<section><h2>Images</h2>${imagesTable(report)}</section>
<section><h2>Weed patches</h2><div class="legend">${key(CROP_TINT, 'crop')}${key(WEED_TINT, 'weed')}${key(VEGETATION_TINT, 'vegetation (kind unknown)')}${key(OUTLINE_COLOR, 'weed patch outline')}</div>
${measured || '<p class="muted">No image was measured.</p>'}</section>`;
  return page(`Field report — ${report.model.name}`, body, SORT_SCRIPT);
}
