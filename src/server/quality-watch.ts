/**
 * The server's quality monitoring: one DriftMonitor per model that has a reference profile (`--reference
 * model=profile.json`), fed with every answered image, exported as gauges and `GET /v1/monitor`, with a warning
 * log line and a counter when a model's traffic turns to `alert`; and the capture of requests by rule. A reload
 * empties the model's window (a new version is another population); a profile recorded with another version than
 * the reloaded one stops monitoring that model, with a warning.
 */
import type { Logger } from 'pino';
import { DriftMonitor } from '../monitoring/drift-monitor.js';
import { checkProfileModel } from '../monitoring/profile-schema.js';
import { readQualityProfile } from '../monitoring/profile-file.js';
import type { DriftReport } from '../monitoring/drift-report.js';
import type { ImageQuality, QualityOptions } from '../monitoring/image-quality.js';
import type { LabelMap } from '../core/types.js';
import { expected } from '../core/errors.js';
import type { ServerOptions } from './options.js';
import { DRIFT_STATUS_VALUE, type ServerMetrics } from './metrics.js';
import type { ModelStore, ServedModel } from './model-store.js';
import { Capture } from './capture.js';
import { parseCaptureRule, type CaptureRule } from './capture-rule.js';

export interface ObservedImage {
  served: ServedModel;
  requestId: string;
  quality: ImageQuality;
  map: LabelMap;
  /** The image as the client sent it (or re-encoded), for capture. */
  image: () => Promise<Uint8Array>;
}

export class QualityWatch {
  /** Captures being written (shutdown waits for them). */
  private readonly writing = new Set<Promise<unknown>>();

  private constructor(
    private readonly monitors: Map<string, DriftMonitor>,
    private readonly capture: Capture | undefined,
    private readonly metrics: ServerMetrics,
    private readonly logger: Logger,
  ) {}

  static async create(options: ServerOptions, models: ModelStore, metrics: ServerMetrics, logger: Logger): Promise<QualityWatch> {
    const makeMonitor = (served: ServedModel, profile: DriftMonitor['profile']) =>
      new DriftMonitor(profile, {
        ...options.drift,
        onStatusChange: (report) => metrics.driftStatus.set({ model: served.name }, DRIFT_STATUS_VALUE[report.status]),
        onAlert: (report) => {
          metrics.driftAlerts.inc({ model: served.name });
          logger.warn({ model: served.name, worst: report.worst, images: report.window }, 'drift alert: traffic no longer looks like the reference profile');
        },
      });
    const monitors = new Map<string, DriftMonitor>();
    for (const [name, path] of Object.entries(options.references ?? {})) {
      const served = models.get(name);
      if (!served) throw expected(`a served model (${models.names.join(', ')}) for references`, 'references', name);
      const profile = await readQualityProfile(path);
      checkProfileModel(profile, served.model.card, path);
      monitors.set(name, makeMonitor(served, profile));
    }
    let capture: Capture | undefined;
    if (options.capture) {
      const rules = new Map<string, CaptureRule>(models.list().map((s) => [s.name, parseCaptureRule(options.capture!.rule, s.model.card.classes)]));
      capture = new Capture(options.capture, rules, logger);
    }
    const watch = new QualityWatch(monitors, capture, metrics, logger);
    metrics.setDriftSource(() => watch.reports());
    return watch;
  }

  /** The quality figures predictions of this model need (the profile's low-confidence threshold), or false. */
  wants(model: string): QualityOptions | false {
    const monitor = this.monitors.get(model);
    if (monitor) return { lowConfidence: monitor.profile.lowConfidenceThreshold };
    return this.capture ? {} : false;
  }

  observe(item: ObservedImage): void {
    const name = item.served.name;
    this.monitors.get(name)?.observe(item.quality);
    if (this.capture?.wants(name, item.quality)) {
      const { card } = item.served.model;
      const write = item
        .image()
        .then((image) => this.capture!.store({ requestId: item.requestId, model: { name, version: card.version }, image, map: item.map, quality: item.quality, classes: card.classes.map((c) => ({ id: c.id, name: c.name })) }))
        .then((stored) => stored && this.metrics.captured.inc({ model: name }))
        .catch((error: unknown) => this.logger.error({ err: error, requestId: item.requestId }, 'capture failed'))
        .finally(() => this.writing.delete(write));
      this.writing.add(write);
    }
  }

  /** Resolves when every capture started so far is written. */
  async settled(): Promise<void> {
    while (this.writing.size) await Promise.allSettled([...this.writing]);
  }

  /** A model's new version: empty its window, or stop monitoring when the profile belongs to another version. */
  reloaded(served: ServedModel): void {
    const monitor = this.monitors.get(served.name);
    if (!monitor) return;
    try {
      checkProfileModel(monitor.profile, served.model.card);
      monitor.reset();
    } catch (error) {
      this.monitors.delete(served.name);
      this.logger.warn({ model: served.name, reason: (error as Error).message }, 'drift monitoring stopped for the reloaded model: record a profile of the new version');
    }
  }

  reports(): Record<string, DriftReport | null> {
    return Object.fromEntries([...this.monitors].map(([name, monitor]) => [name, monitor.report()]));
  }
}
