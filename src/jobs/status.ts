/**
 * Where a queue stands: done, failed, retrying (waiting out a backoff), waiting, active, tiled rasters waiting for
 * their tiles; and the rate of the last finished jobs with an ETA for the rest.
 */
import type { Queue } from 'bullmq';

export interface QueueStatus {
  done: number;
  failed: number;
  retrying: number;
  waiting: number;
  active: number;
  /** Rasters waiting for their tiles. */
  stitching: number;
  total: number;
  /** Jobs finished per second recently; undefined before two have finished. */
  rate?: number;
  /** Seconds until the waiting, retrying and active jobs are done at that rate. */
  etaSeconds?: number;
}

/** Finished jobs (the last `sample`) per second, over the span of their finishing times. */
async function recentRate(queue: Queue, sample = 200): Promise<number | undefined> {
  const jobs = await queue.getJobs(['completed', 'failed'], 0, sample - 1);
  const times = jobs.map((j) => j.finishedOn).filter((t): t is number => typeof t === 'number').sort((a, b) => a - b);
  if (times.length < 2) return undefined;
  const span = (times[times.length - 1] - times[0]) / 1000;
  return span > 0 ? (times.length - 1) / span : undefined;
}

export async function queueStatus(queue: Queue, rate?: number): Promise<QueueStatus> {
  const c = await queue.getJobCounts('completed', 'failed', 'delayed', 'wait', 'prioritized', 'active', 'waiting-children');
  const waiting = (c.wait ?? 0) + (c.prioritized ?? 0);
  const status: QueueStatus = {
    done: c.completed ?? 0,
    failed: c.failed ?? 0,
    retrying: c.delayed ?? 0,
    waiting,
    active: c.active ?? 0,
    stitching: c['waiting-children'] ?? 0,
    total: 0,
  };
  status.total = status.done + status.failed + status.retrying + status.waiting + status.active + status.stitching;
  return withRate(status, rate ?? (await recentRate(queue)));
}

/** The status with this rate and the ETA it gives. */
export function withRate(status: QueueStatus, rate: number | undefined): QueueStatus {
  const left = status.waiting + status.retrying + status.active + status.stitching;
  const etaSeconds = rate && rate > 0 ? left / rate : left === 0 ? 0 : undefined;
  return { ...status, rate, etaSeconds };
}

/** A rate from counts of finished jobs seen over time (live status): the last `window` seconds. */
export function rateTracker(window = 30) {
  const samples: { t: number; finished: number }[] = [];
  return (finished: number, now = performance.now() / 1000): number | undefined => {
    samples.push({ t: now, finished });
    while (samples.length > 2 && now - samples[0].t > window) samples.shift();
    const first = samples[0];
    const span = now - first.t;
    return span >= 1 ? (finished - first.finished) / span : undefined;
  };
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function statusLine(s: QueueStatus): string {
  const rate = s.rate === undefined ? 'rate ?' : `${s.rate.toFixed(2)} jobs/s`;
  const eta = s.etaSeconds === undefined ? 'ETA ?' : `ETA ${formatDuration(s.etaSeconds)}`;
  const stitching = s.stitching ? `, ${s.stitching} stitching` : '';
  return `${s.done} done, ${s.failed} failed, ${s.retrying} retrying, ${s.waiting} waiting, ${s.active} active${stitching} (of ${s.total}) | ${rate} | ${eta}`;
}

/**
 * The queue's metrics in the Prometheus text format (BullMQ's exporter: jobs per state, completed and failed
 * totals; it labels every series with `queue` itself), newline-terminated as the format requires.
 */
export async function queueMetricsText(queue: Queue): Promise<string> {
  const text = await queue.exportPrometheusMetrics();
  return text.endsWith('\n') ? text : `${text}\n`;
}
