/**
 * The evaluation report as one self-contained HTML page: inline CSS, inline SVG charts drawn here, a small inline
 * script for table sorting, and images as data: URIs, so it opens anywhere without network access.
 */
import type { EvaluationResult } from '../../evaluation/evaluate.js';
import { classIouChart, classTable } from './class-chart.js';
import { confusionHeatmap, confusionList } from './confusion-heatmap.js';
import { header, reportTitle } from './header.js';
import { SORT_SCRIPT, imagesTable } from './images-table.js';
import { method } from './method.js';
import { page } from './page.js';
import { calibrationSummary, reliabilityChart } from './reliability-chart.js';
import { worstPanels } from './worst-panels.js';

interface Section {
  id: string;
  title: string;
  body: string;
}

export async function writeHtmlReport(result: EvaluationResult): Promise<string> {
  const { report } = result;
  const sections: Section[] = [
    {
      id: 'classes',
      title: 'Class IoU',
      body: `<div class="row"><div>${classIouChart(report)}</div><div>${classTable(report)}</div></div>`,
    },
    {
      id: 'confusion',
      title: 'Confusion matrix',
      body: `<p class="muted">Each row is one ground-truth class; cells show the percentage of its pixels predicted as each column's class (rows sum to 100; the diagonal is the class accuracy). Hover a cell for pixel counts.</p><div class="row"><div style="flex:0 1 auto">${confusionHeatmap(report)}</div><div>${confusionList(report)}</div></div>`,
    },
    { id: 'worst', title: 'Worst images', body: await worstPanels(report, result.worst) },
  ];
  if (report.calibration) {
    sections.push({ id: 'calibration', title: 'Calibration', body: `<div class="row"><div style="flex:0 1 auto">${reliabilityChart(report.calibration)}</div><div>${calibrationSummary(report.calibration)}</div></div>` });
  }
  sections.push(
    { id: 'images', title: 'Per-image scores', body: `<p class="muted">${report.images.length} image(s); click a column header to sort (again to reverse). Scores in %, tinted from red (0) to green (100); '-' marks a class absent from both ground truth and prediction.</p>${imagesTable(report)}` },
    { id: 'method', title: 'How these numbers were computed', body: method(report) },
  );
  const body = [
    header(report, sections.map((s) => [s.id, s.title])),
    ...sections.map((s) => `<section id="${s.id}"><h2>${s.title}</h2>${s.body}</section>`),
  ].join('\n');
  return page(`semseg eval: ${reportTitle(report)}`, body, SORT_SCRIPT);
}
