/**
 * DriftMonitor: a rolling window of the last N images of one model, compared with its reference profile after
 * every image (docs/monitoring.md). PSI per class (per-image pixel share) and for the per-image mean confidence,
 * low-confidence share and mean entropy; Jensen-Shannon distance between the window's mean class distribution and
 * the reference's. Status: the worst figure against the thresholds, `insufficient` below minImages images.
 * Memory is fixed by the window size; an observation costs O(classes x bins) (counting, then judging every figure)
 * and allocates nothing unless the status changes (the callbacks get a report).
 */
import { expected } from '../core/errors.js';
import { DEFAULT_PSI_EPSILON, jensenShannonDivergence, psi } from './drift-math.js';
import { judge, type ClassFigure, type DriftReport, type DriftStatus, type DriftThresholds, type PsiFigure } from './drift-report.js';
import type { Histogram } from './histogram.js';
import type { ImageQuality } from './image-quality.js';
import { MAX_BINS, type QualityProfile } from './quality-profile.js';
import { QualityWindow } from './quality-window.js';

export const DEFAULT_WINDOW = 500;
export const DEFAULT_THRESHOLDS: Readonly<DriftThresholds> = { warn: 0.1, alert: 0.25 };

export interface DriftOptions {
  /** Images in the rolling window; default 500. */
  window?: number;
  /** Images before anything is judged; default defaultMinImages(profile, window). */
  minImages?: number;
  /** Thresholds for PSI and the Jensen-Shannon distance; default warn 0.1, alert 0.25. */
  warn?: number;
  alert?: number;
  /** Share counted for an empty bin in PSI; default 1e-4. */
  epsilon?: number;
  /** After an observation that changed the status (into or out of `insufficient` too). */
  onStatusChange?: (report: DriftReport, previous: DriftStatus) => void;
  /** After an observation that turned the status into `alert`. */
  onAlert?: (report: DriftReport) => void;
}

const SCALARS = [
  { key: 'meanConfidence', figure: 'confidence' },
  { key: 'lowConfidenceShare', figure: 'lowConfidence' },
  { key: 'meanEntropy', figure: 'entropy' },
] as const;

/**
 * Window images needed for 20 per degree of freedom of the largest histogram (at least 30): two samples of one
 * distribution differ by a PSI of about (bins - 1) / images from the window's side, which this keeps under 0.05.
 */
export function defaultMinImages(profile: QualityProfile, window = DEFAULT_WINDOW): number {
  const histograms = [...profile.classes.map((c) => c.share), profile.confidence, profile.lowConfidence, profile.entropy];
  const bins = Math.max(...histograms.map((h) => (h ? h.proportions.length : 1)));
  return Math.min(window, Math.max(30, 20 * (bins - 1)));
}

function checkCount(value: number | undefined, fallback: number, name: string, max: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1 || v > max) throw expected(`an integer from 1 to ${max}`, name, value);
  return v;
}

export class DriftMonitor {
  readonly profile: QualityProfile;
  readonly windowSize: number;
  readonly minImages: number;
  readonly thresholds: DriftThresholds;
  private readonly epsilon: number;
  private readonly options: DriftOptions;
  /** Figures in window order: the classes' shares, then confidence, low-confidence share, entropy. */
  private readonly histograms: (Histogram | null)[];
  private readonly window: QualityWindow;
  private readonly scratch: Float64Array;
  /** Judged values, one per figure, then the Jensen-Shannon distance. */
  private readonly values: Float64Array;
  private readonly distribution: Float64Array;
  private readonly shares = new Float64Array(MAX_BINS);
  private images = 0;
  private current: DriftStatus = 'insufficient';

  constructor(profile: QualityProfile, options: DriftOptions = {}) {
    this.profile = profile;
    this.options = options;
    this.windowSize = checkCount(options.window, DEFAULT_WINDOW, 'window', 1_000_000);
    this.minImages = checkCount(options.minImages, defaultMinImages(profile, this.windowSize), 'minImages', this.windowSize);
    const warn = options.warn ?? DEFAULT_THRESHOLDS.warn;
    const alert = options.alert ?? DEFAULT_THRESHOLDS.alert;
    if (!(warn > 0 && Number.isFinite(warn))) throw expected('a positive number', 'warn', options.warn);
    if (!(alert >= warn && Number.isFinite(alert))) throw expected(`a number at least warn (${warn})`, 'alert', options.alert);
    this.thresholds = { warn, alert };
    this.epsilon = options.epsilon ?? DEFAULT_PSI_EPSILON;
    if (!(this.epsilon > 0 && this.epsilon < 1)) throw expected('a number in (0, 1)', 'epsilon', options.epsilon);
    this.histograms = [...profile.classes.map((c) => c.share), profile.confidence, profile.lowConfidence, profile.entropy];
    this.window = new QualityWindow(this.windowSize, this.histograms.map((h) => (h ? h.edges : null)));
    this.scratch = new Float64Array(this.histograms.length);
    this.values = new Float64Array(this.histograms.length + 1);
    this.distribution = new Float64Array(profile.classes.length);
  }

  get status(): DriftStatus {
    return this.current;
  }

  /** Adds one image's statistics (imageQuality of a prediction of the profile's model) and returns the status. */
  observe(quality: ImageQuality): DriftStatus {
    const K = this.profile.classes.length;
    const { classShare } = quality;
    if (classShare.length !== K) throw expected(`${K} class shares (model ${this.profile.model.name})`, 'quality.classShare', classShare.length);
    if (quality.lowConfidenceThreshold !== this.profile.lowConfidenceThreshold) {
      throw expected(`statistics counted with the profile's low-confidence threshold ${this.profile.lowConfidenceThreshold}`, 'quality.lowConfidenceThreshold', quality.lowConfidenceThreshold);
    }
    for (let c = 0; c < K; c++) {
      const v = classShare[c];
      if (!(v >= 0 && v <= 1)) throw expected('class shares from 0 to 1', 'quality.classShare', v);
      this.scratch[c] = v;
    }
    for (let i = 0; i < SCALARS.length; i++) {
      const { key } = SCALARS[i];
      const v = quality[key];
      const wanted = this.histograms[K + i] !== null;
      if (wanted && !(typeof v === 'number' && Number.isFinite(v))) throw expected(`a number (the profile has ${key})`, `quality.${key}`, v);
      this.scratch[K + i] = wanted ? (v as number) : 0;
    }
    this.window.push(this.scratch);
    this.images++;
    const previous = this.current;
    this.current = this.evaluate();
    if (this.current !== previous && (this.options.onStatusChange || this.options.onAlert)) {
      const report = this.report();
      this.options.onStatusChange?.(report, previous);
      if (this.current === 'alert') this.options.onAlert?.(report);
    }
    return this.current;
  }

  /** Empties the window (e.g. after a model reload); the profile and options stay. */
  reset(): void {
    this.window.clear();
    this.images = 0;
    this.current = 'insufficient';
  }

  /** PSI of figure f: the window's bin shares against the reference's. */
  private psiOf(f: number): number {
    const { proportions } = this.histograms[f]!;
    for (let b = 0; b < proportions.length; b++) this.shares[b] = this.window.count(f, b) / this.window.size;
    return psi(proportions, this.shares, this.epsilon);
  }

  /** Fills `values` and returns the status. */
  private evaluate(): DriftStatus {
    if (this.window.size === 0) return 'insufficient';
    const K = this.profile.classes.length;
    let worst = 0;
    for (let f = 0; f < this.histograms.length; f++) {
      this.values[f] = this.histograms[f] ? this.psiOf(f) : 0;
      if (this.values[f] > worst) worst = this.values[f];
    }
    for (let c = 0; c < K; c++) this.distribution[c] = this.window.mean(c);
    const distance = Math.sqrt(jensenShannonDivergence(this.distribution, this.profile.classDistribution));
    this.values[this.histograms.length] = distance;
    if (distance > worst) worst = distance;
    if (this.window.size < this.minImages) return 'insufficient';
    const status = judge(worst, this.thresholds);
    // Hysteresis: an alert holds until every figure is below warn, so a window hovering at the alert line does
    // not raise an alert (log line, counter) on every other image.
    return this.current === 'alert' && status === 'warn' ? 'alert' : status;
  }

  report(): DriftReport {
    const { profile, thresholds } = this;
    const base = { status: this.current, model: profile.model, images: this.images, window: this.window.size, windowSize: this.windowSize, minImages: this.minImages, thresholds };
    if (this.window.size === 0) return { ...base, overall: null, classes: [], worst: null };
    this.evaluate();
    const K = profile.classes.length;
    const figure = (f: number, h: Histogram): PsiFigure => ({ psi: this.values[f], status: judge(this.values[f], thresholds), referenceMean: h.mean, windowMean: this.window.mean(f) });
    const classes: ClassFigure[] = profile.classes.map((c, f) => ({ id: c.id, name: c.name, ...figure(f, c.share) }));
    const scalar = (i: number) => (this.histograms[K + i] ? figure(K + i, this.histograms[K + i]!) : null);
    const distance = this.values[this.histograms.length];
    const divergence = jensenShannonDivergence(this.distribution, profile.classDistribution);
    const named: { figure: string; value: number }[] = [
      ...classes.map((c) => ({ figure: `class:${c.name}`, value: c.psi })),
      ...SCALARS.map(({ figure }, i) => ({ figure, value: this.histograms[K + i] ? this.values[K + i] : -1 })),
      { figure: 'classDistribution', value: distance },
    ];
    const top = named.reduce((a, b) => (b.value > a.value ? b : a));
    return {
      ...base,
      overall: { confidence: scalar(0), lowConfidence: scalar(1), entropy: scalar(2), classDistribution: { divergence, distance, status: judge(distance, thresholds) } },
      classes,
      worst: { figure: top.figure, value: top.value, status: judge(top.value, thresholds) },
    };
  }
}
