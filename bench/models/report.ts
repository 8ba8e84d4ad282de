/** What a child process is asked and answers, and how bench/models turns the answers into docs/benchmarks.md. */
import { summarize } from '../stats.js';
import type { RunSpec } from './contenders.js';

export type Contender = 'raw' | 'semseg' | 'transformers.js' | 'throughput';

/** A RunSpec for one contender; `runs` counts rounds for throughput. */
export interface ChildRequest extends RunSpec {
  contender: Contender;
  workers?: number;
  threadsPerWorker?: number;
  /** Throughput: images per round. */
  images?: number;
}

export interface ChildReport {
  contender: Contender;
  /** ms per run, or images/s per round for throughput. */
  samples: number[];
  maxRssMb: number;
}

/** Reads the child's stdout: the last line that is a report (onnxruntime or sharp may print before it). */
export function parseChildReport(stdout: string): ChildReport {
  const line = stdout.trim().split('\n').reverse().find((l) => l.startsWith('{"contender"'));
  if (!line) throw new Error(`Expected a JSON report on the child's stdout but received ${JSON.stringify(stdout.slice(-300))}`);
  const report = JSON.parse(line) as ChildReport;
  if (!Array.isArray(report.samples) || report.samples.length === 0 || !report.samples.every(Number.isFinite)) {
    throw new Error(`Expected finite samples in the child's report but received ${JSON.stringify(report.samples)}`);
  }
  return report;
}

export interface Timing { median: number; min: number; runs: number; maxRssMb: number }

export interface ModelRow {
  model: string;
  network: string;
  logits: string;
  size: string;
  raw?: Timing;
  semseg?: Timing;
  transformersJs?: Timing;
  /** images/s: best and median round. */
  throughput: { setup: string; median: number; max: number; maxRssMb: number }[];
}

export function timingOf(report: ChildReport): Timing {
  return { ...summarize(report.samples), maxRssMb: report.maxRssMb };
}

export function throughputOf(setup: string, report: ChildReport): ModelRow['throughput'][number] {
  return { setup, median: summarize(report.samples).median, max: Math.max(...report.samples), maxRssMb: report.maxRssMb };
}

export interface Machine { cpu: string; cores: number; node: string; onnxruntime: string; transformersJs: string; semseg: string; date: string; command: string }

const ms = (t?: Timing) => (t ? `${t.median.toFixed(0)} (${t.min.toFixed(0)})` : '—');
const ratio = (a?: Timing, b?: Timing) => (a && b ? `${(a.median / b.median).toFixed(2)} (${(a.min / b.min).toFixed(2)})` : '—');
const rss = (t?: { maxRssMb: number }) => (t ? t.maxRssMb.toFixed(0) : '—');

export const START_MARKER = '<!-- bench:models:start (written by npm run bench: bench/models/main.ts) -->';
export const END_MARKER = '<!-- bench:models:end -->';

/** The generated section: machine, latency table, memory and throughput table. */
export function modelsMarkdown(machine: Machine, rows: ModelRow[]): string {
  const lines = [
    START_MARKER,
    `Machine: ${machine.cpu}, ${machine.cores} cores; Node ${machine.node}; onnxruntime-node ${machine.onnxruntime}; ` +
      `@huggingface/transformers ${machine.transformersJs}; semseg ${machine.semseg}; run ${machine.date}. Command: \`${machine.command}\`.`,
    '',
    'Milliseconds per image, median (minimum) over the timed runs; ratios of medians (of minima).',
    '',
    '| model | logits at | image | raw session.run | semseg end to end | Transformers.js end to end | semseg / raw | Transformers.js / semseg |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.model} | ${r.logits} | ${r.size} | ${ms(r.raw)} | ${ms(r.semseg)} | ${ms(r.transformersJs)} | ${ratio(r.semseg, r.raw)} | **${ratio(r.transformersJs, r.semseg)}** |`),
    '',
    'Peak RSS of each contender\'s process (MB) and semseg throughput (images/s, median (best) round; decode + segment, 2 images per worker in flight).',
    '',
    `| model | image | RSS raw | RSS semseg | RSS Transformers.js | ${throughputSetups(rows).map((s) => `semseg ${s} img/s (RSS MB)`).join(' | ')} |`,
    `|---|---|---|---|---|${throughputSetups(rows).map(() => '---|').join('')}`,
    ...rows.map((r) => `| ${r.model} | ${r.size} | ${rss(r.raw)} | ${rss(r.semseg)} | ${rss(r.transformersJs)} | ${throughputSetups(rows).map((s) => {
      const t = r.throughput.find((x) => x.setup === s);
      return t ? `${t.median.toFixed(2)} (${t.max.toFixed(2)}) (${t.maxRssMb.toFixed(0)})` : '—';
    }).join(' | ')} |`),
    '',
    'Networks: ' + [...new Map(rows.map((r) => [r.model, r.network])).entries()].map(([m, n]) => `${m}: ${n}`).join('; ') + '.',
    END_MARKER,
  ];
  return lines.join('\n');
}

function throughputSetups(rows: ModelRow[]): string[] {
  return [...new Set(rows.flatMap((r) => r.throughput.map((t) => t.setup)))];
}

/** Puts the section between the markers of `doc`, or appends it under `heading` when the markers are missing. */
export function replaceSection(doc: string, section: string, heading: string): string {
  const start = doc.indexOf(START_MARKER);
  const end = doc.indexOf(END_MARKER);
  if (start !== -1 && end > start) return doc.slice(0, start) + section + doc.slice(end + END_MARKER.length);
  return `${doc.trimEnd()}\n\n${heading}\n\n${section}\n`;
}
