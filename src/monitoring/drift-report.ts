/**
 * What DriftMonitor.report() answers (JSON-ready): the status, the window, every figure with its own status, and
 * the worst one. PSI figures and the Jensen-Shannon distance are judged against the same two thresholds.
 */

/** `insufficient`: fewer images in the window than the monitor's minImages, so nothing is judged yet. */
export type DriftStatus = 'ok' | 'warn' | 'alert' | 'insufficient';
export type FigureStatus = 'ok' | 'warn' | 'alert';

export interface DriftThresholds {
  /** A figure at or above it warns; default 0.1. */
  warn: number;
  /** A figure at or above it alerts; default 0.25. */
  alert: number;
}

/** PSI of one per-image figure's histogram, window against reference. */
export interface PsiFigure {
  psi: number;
  status: FigureStatus;
  /** Mean of the figure over the reference images and over the window's. */
  referenceMean: number;
  windowMean: number;
}

export interface ClassFigure extends PsiFigure {
  id: number;
  name: string;
}

export interface DistributionFigure {
  /** Jensen-Shannon divergence, base 2, in [0, 1]. */
  divergence: number;
  /** Its square root (scipy's jensenshannon, base 2), the judged figure. */
  distance: number;
  status: FigureStatus;
}

export interface DriftReport {
  status: DriftStatus;
  model: { name: string; version: string };
  /** Images observed since the monitor was made (or reset). */
  images: number;
  /** Images in the window now (at most windowSize). */
  window: number;
  windowSize: number;
  /** Images the window needs before anything is judged. */
  minImages: number;
  thresholds: DriftThresholds;
  /** Null while the window is empty; a figure is null when the profile has none (models without confidence). */
  overall: {
    confidence: PsiFigure | null;
    lowConfidence: PsiFigure | null;
    entropy: PsiFigure | null;
    classDistribution: DistributionFigure;
  } | null;
  /** Per class: PSI of the per-image pixel share; empty while the window is. */
  classes: ClassFigure[];
  /** The highest figure: `confidence`, `lowConfidence`, `entropy`, `classDistribution` or `class:<name>`. */
  worst: { figure: string; value: number; status: FigureStatus } | null;
}

export function judge(value: number, thresholds: DriftThresholds): FigureStatus {
  if (value >= thresholds.alert) return 'alert';
  return value >= thresholds.warn ? 'warn' : 'ok';
}
