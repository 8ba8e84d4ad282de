/** The top of the report: what was evaluated on what, the headline numbers, and any images that failed. */
import type { EvaluationReport } from '../../evaluation/types.js';
import { esc, int, pct } from './format.js';

function subjectName(report: EvaluationReport): string {
  const model = report.subject.model;
  if (model) return `${model.name}${model.version ? ` v${model.version.replace(/^v/, '')}` : ''}`;
  return `predictions ${report.subject.predictions ?? ''}`;
}

export function reportTitle(report: EvaluationReport): string {
  return `${subjectName(report)} on ${report.dataset.name}`;
}

function card(label: string, value: string, note = '', main = false): string {
  return `<div class="card${main ? ' main' : ''}"><span>${esc(label)}</span><b>${value}</b>${note ? `<small>${note}</small>` : ''}</div>`;
}

function headline(report: EvaluationReport): string {
  const m = report.metrics;
  const b = report.bootstrap;
  const interval = b ? `${(100 * b.level).toFixed(0)}% CI ${pct(b.lower)} – ${pct(b.upper)}` : '';
  const cards = [
    card('mIoU %', pct(m.mIoU), interval, true),
    card('aAcc %', pct(m.aAcc)),
    card('mAcc %', pct(m.mAcc)),
    card('fwIoU %', pct(m.fwIoU)),
    card('mDice %', pct(m.mDice)),
  ];
  if (report.boundary) cards.push(card('boundary mIoU %', pct(report.boundary.mBoundaryIoU), `band ${report.boundary.dilationRatio} × diagonal`));
  if (report.calibration) cards.push(card('ECE %', pct(report.calibration.ece), `MCE ${pct(report.calibration.mce)}`));
  return `<div class="cards">${cards.join('')}</div>`;
}

function profileLine(report: EvaluationReport): string {
  const p = report.profile;
  const values = Object.entries(p.summary).map(([k, v]) => `${esc(k)} <b>${pct(v)}</b>`).join(' · ');
  return `<p class="muted">Profile <code>${esc(p.profile)}</code> (${esc(p.semantics.reference)}): ${values} %</p>`;
}

function meta(report: EvaluationReport): string {
  const { subject, dataset } = report;
  const rows: [string, string][] = [];
  if (subject.model) rows.push(['model', `${subject.model.name}, version ${subject.model.version}${subject.model.path ? ` — ${subject.model.path}` : ''}`]);
  if (subject.predictions) rows.push(['predictions', subject.predictions]);
  rows.push(['dataset', `${dataset.name} (${dataset.kind}) — ${dataset.root}`]);
  if (dataset.split) rows.push(['split', dataset.split]);
  rows.push(['images', `${report.images.length} scored of ${dataset.samples}${report.failures.length ? `, ${report.failures.length} failed` : ''}; ${int(report.profile.pixels)} pixels counted`]);
  rows.push(['classes', `${report.classes.length}, ignore index ${report.ignoreIndex}`]);
  rows.push(['profile', report.profile.profile]);
  rows.push(['report format', `${report.version}, by semseg`]);
  const made = `${report.timing.createdAt}, ${report.timing.seconds.toFixed(1)} s`;
  // The one element that differs between two identical runs, marked so that comparisons can leave it out.
  const timing = `<dt>created</dt><dd class="timing">${esc(made)}</dd>`;
  return `<dl class="meta">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}${timing}</dl>`;
}

function warnings(report: EvaluationReport): string {
  if (report.warnings.length === 0) return '';
  return `<section class="warn" id="warnings"><h2>Warnings</h2><ul>${report.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></section>`;
}

function failures(report: EvaluationReport): string {
  if (report.failures.length === 0) return '';
  const items = report.failures.map((f) => `<li><b>${esc(f.id)}</b> <code>${esc(f.code)}</code> ${esc(f.message)}</li>`).join('');
  return `<section class="warn" id="failures"><h2>${report.failures.length} image(s) failed and are not counted</h2><ul>${items}</ul></section>`;
}

export function header(report: EvaluationReport, sections: [string, string][]): string {
  const links = sections.map(([id, label]) => `<a href="#${id}">${esc(label)}</a>`).join('');
  return `<section id="top"><h1>Evaluation: ${esc(reportTitle(report))}</h1>${meta(report)}${headline(report)}${profileLine(report)}<nav>${links}</nav></section>${warnings(report)}${failures(report)}`;
}
