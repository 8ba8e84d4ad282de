/**
 * The server's Prometheus metrics, on a registry of its own (two servers in one process never share counters).
 * Pool figures are read when Prometheus scrapes, so nothing is counted twice.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { InferencePool } from '../runtime/types.js';
import type { DriftReport, DriftStatus } from '../monitoring/drift-report.js';

/** semseg_drift_status values. */
export const DRIFT_STATUS_VALUE: Readonly<Record<DriftStatus, number>> = { insufficient: 0, ok: 0, warn: 1, alert: 2 };

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface ServerMetrics {
  readonly registry: Registry;
  readonly requests: Counter<'route' | 'method' | 'status' | 'model'>;
  readonly requestSeconds: Histogram<'route' | 'model'>;
  readonly inferenceSeconds: Histogram<'model'>;
  readonly batchSize: Histogram<'model'>;
  readonly reloads: Counter<'model' | 'result'>;
  readonly driftAlerts: Counter<'model'>;
  readonly driftFigure: Gauge<'model' | 'figure' | 'class'>;
  readonly driftStatus: Gauge<'model'>;
  readonly captured: Counter<'model'>;
  /** Where the drift gauges read their figures when Prometheus scrapes. */
  setDriftSource(source: () => Record<string, DriftReport | null>): void;
}

function setDriftGauges(figures: Gauge<'model' | 'figure' | 'class'>, status: Gauge<'model'>, reports: Record<string, DriftReport | null>): void {
  figures.reset();
  for (const [model, report] of Object.entries(reports)) {
    if (!report) continue;
    status.set({ model }, DRIFT_STATUS_VALUE[report.status]);
    if (!report.overall) continue;
    const { confidence, lowConfidence, entropy, classDistribution } = report.overall;
    const overall = [['confidence', confidence?.psi], ['lowConfidence', lowConfidence?.psi], ['entropy', entropy?.psi], ['classDistribution', classDistribution.distance]] as const;
    for (const [figure, value] of overall) if (value !== undefined) figures.set({ model, figure, class: '' }, value);
    for (const c of report.classes) figures.set({ model, figure: 'classShare', class: c.name }, c.psi);
  }
}

export function createServerMetrics(pool: InferencePool, inFlight: () => number): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  let restartsSeen = 0;
  const restarts = new Counter({
    name: 'semseg_worker_restarts_total',
    help: 'Inference workers replaced after a crash or a timed-out run',
    registers: [registry],
    collect() {
      const now = pool.stats().restarts;
      if (now > restartsSeen) this.inc(now - restartsSeen);
      restartsSeen = now;
    },
  });
  void restarts;
  new Gauge({
    name: 'semseg_queue_depth',
    help: 'Model runs waiting for a free worker',
    registers: [registry],
    collect() {
      this.set(pool.stats().queueDepth);
    },
  });
  new Gauge({
    name: 'semseg_busy_workers',
    help: 'Workers running a model now',
    registers: [registry],
    collect() {
      this.set(pool.stats().busyWorkers);
    },
  });
  new Gauge({
    name: 'semseg_in_flight_requests',
    help: 'Requests holding an admission slot (running or waiting)',
    registers: [registry],
    collect() {
      this.set(inFlight());
    },
  });
  let driftSource: () => Record<string, DriftReport | null> = () => ({});
  const driftStatus = new Gauge({ name: 'semseg_drift_status', help: 'Drift status: 0 ok or not enough images, 1 warn, 2 alert', labelNames: ['model'], registers: [registry] });
  const driftFigure = new Gauge({
    name: 'semseg_drift',
    help: 'Drift of the rolling window from the reference profile (PSI per figure and class; Jensen-Shannon distance for classDistribution)',
    labelNames: ['model', 'figure', 'class'],
    registers: [registry],
    collect() {
      setDriftGauges(this, driftStatus, driftSource());
    },
  });
  return {
    registry,
    driftFigure,
    driftStatus,
    setDriftSource: (source) => (driftSource = source),
    requests: new Counter({ name: 'semseg_http_requests_total', help: 'HTTP requests by route, method, status and model', labelNames: ['route', 'method', 'status', 'model'], registers: [registry] }),
    requestSeconds: new Histogram({ name: 'semseg_http_request_duration_seconds', help: 'Time from request to response', labelNames: ['route', 'model'], buckets: SECONDS, registers: [registry] }),
    inferenceSeconds: new Histogram({ name: 'semseg_inference_duration_seconds', help: 'Time spent segmenting one image (model runs and post-processing)', labelNames: ['model'], buckets: SECONDS, registers: [registry] }),
    batchSize: new Histogram({ name: 'semseg_batch_size', help: 'Images per model run (dynamic batching)', labelNames: ['model'], buckets: [1, 2, 3, 4, 6, 8, 12, 16, 32], registers: [registry] }),
    reloads: new Counter({ name: 'semseg_model_reloads_total', help: 'Model reloads by result', labelNames: ['model', 'result'], registers: [registry] }),
    driftAlerts: new Counter({ name: 'semseg_drift_alerts_total', help: 'Times a model’s traffic crossed the drift alert threshold', labelNames: ['model'], registers: [registry] }),
    captured: new Counter({ name: 'semseg_captured_total', help: 'Requests stored by --capture', labelNames: ['model'], registers: [registry] }),
  };
}
