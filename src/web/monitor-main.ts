/** The monitor view: polls GET /v1/monitor and GET /metrics and charts drift, confidence, latency and throughput. */
import { apiFetch } from './api-fetch.js';
import type { DriftReport } from '../core-entry.js';
import { barChart, lineChart, type Series } from './charts.js';
import { byId, make, setStatus } from './dom.js';
import { sumOf } from './prometheus-text.js';

const PERIOD_MS = Number(new URLSearchParams(location.search).get('period') ?? 2) * 1000;
const KEEP = 120;

interface Sample {
  at: number;
  reports: Record<string, DriftReport | null>;
  inferenceSum: number;
  inferenceCount: number;
  requests: number;
}

const history: Sample[] = [];

function push<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > KEEP) list.shift();
}

function perModel(pick: (report: DriftReport) => number | undefined): Series[] {
  const names = Object.keys(history.at(-1)?.reports ?? {});
  return names.map((name) => ({ name, values: history.map((s) => { const r = s.reports[name]; return r ? pick(r) ?? NaN : NaN; }) }));
}

function deltas(pick: (a: Sample, b: Sample) => number): number[] {
  return history.slice(1).map((s, i) => pick(history[i], s));
}

function render(): void {
  const last = history.at(-1);
  if (!last) return;
  byId('alerts').replaceChildren(
    ...Object.entries(last.reports).map(([name, r]) => {
      const status = r?.status ?? 'empty';
      const worst = r?.worst ? ` (worst: ${r.worst.figure} ${r.worst.value.toFixed(3)})` : '';
      const item = make('li', { className: `alert-${status}`, textContent: `${name}: ${status}${worst}` });
      item.dataset.status = status;
      return item;
    }),
  );
  if (!Object.keys(last.reports).length) byId('alerts').append(make('li', { textContent: 'No model has a reference profile (semseg serve --reference model=profile.json).' }));
  lineChart(byId<HTMLCanvasElement>('chart-drift'), perModel((r) => r.overall?.classDistribution.distance));
  lineChart(byId<HTMLCanvasElement>('chart-confidence'), perModel((r) => r.overall?.confidence?.windowMean));
  const first = Object.values(last.reports).find((r) => r && r.classes.length);
  barChart(byId<HTMLCanvasElement>('chart-shares'), first?.classes.map((c) => c.name) ?? [], first?.classes.map((c) => c.windowMean) ?? [], first?.classes.map((c) => c.referenceMean) ?? [], ['window', 'reference']);
  lineChart(byId<HTMLCanvasElement>('chart-latency'), [{ name: 'inference', values: deltas((a, b) => (b.inferenceCount > a.inferenceCount ? ((b.inferenceSum - a.inferenceSum) / (b.inferenceCount - a.inferenceCount)) * 1000 : 0)) }], ' ms');
  lineChart(byId<HTMLCanvasElement>('chart-throughput'), [{ name: 'requests/s', values: deltas((a, b) => ((b.requests - a.requests) * 1000) / (b.at - a.at)) }], '/s');
  document.body.dataset.polls = String(history.length);
}

async function poll(): Promise<void> {
  try {
    const [monitor, metrics] = await Promise.all([apiFetch('v1/monitor').then((r) => r.json()), apiFetch('metrics').then((r) => r.text())]);
    push(history, {
      at: Date.now(),
      reports: (monitor as { models: Record<string, DriftReport | null> }).models,
      inferenceSum: sumOf(metrics, 'semseg_inference_duration_seconds_sum'),
      inferenceCount: sumOf(metrics, 'semseg_inference_duration_seconds_count'),
      requests: sumOf(metrics, 'semseg_http_requests_total'),
    });
    render();
    setStatus(`Last poll ${new Date().toLocaleTimeString()}`);
  } catch (error) {
    setStatus(`Poll failed: ${(error as Error).message}`, true);
  }
}

byId('period').textContent = String(PERIOD_MS / 1000);
void poll();
setInterval(() => void poll(), PERIOD_MS);
