/** What an evaluation produces: one plain-data report (JSON-ready; NaN written as null) and worst-case samples. */
import type { ClassInfo } from '../core/types.js';
import type { InferenceOptions } from '../inference/options.js';
import type { QualityOptions } from '../monitoring/image-quality.js';
import type { BootstrapInterval, BoundaryIoUResult, CalibrationResult, MetricReport, Metrics, ProfileName } from '../metrics/index.js';

export interface EvaluationOptions {
  profile: ProfileName;
  /** Boundary IoU (Cheng et al. 2021) alongside region IoU. */
  boundary: boolean;
  /** Expected calibration error and reliability diagram (needs per-pixel confidence). */
  calibration: boolean;
  /** Bootstrap resamples for the mIoU interval; 0 turns it off. */
  bootstrap: number;
  /** How many of the worst images (lowest per-image mIoU) to keep for the report. */
  worst: number;
  /** Whole image or sliding windows, TTA (model evaluations only). */
  inference?: InferenceOptions;
  /** Per-image quality statistics for a reference profile (model evaluations only; EvaluationResult.quality). */
  quality?: QualityOptions;
}

export interface ImageRecord {
  id: string;
  imagePath?: string;
  labelPath: string;
  /** Pixels counted (ignore excluded). */
  pixels: number;
  aAcc: number;
  mIoU: number;
  /** Per-class IoU in this image; NaN where the class is in neither ground truth nor prediction. */
  IoU: number[];
}

export interface ImageFailure {
  id: string;
  path: string;
  code: string;
  message: string;
}

export interface EvaluationReport {
  tool: 'semseg';
  version: string;
  subject: { model?: { name: string; version: string; path?: string; inference?: InferenceOptions }; predictions?: string };
  dataset: { kind: string; name: string; root: string; split?: string; samples: number };
  classes: ClassInfo[];
  ignoreIndex: number;
  /** semseg's own metric set (MMSegmentation semantics + fwIoU), dataset-accumulated. */
  metrics: Metrics;
  /** The same counts under the chosen tool's exact semantics. */
  profile: MetricReport;
  /** Rows: ground truth class, columns: predicted class; pixel counts. */
  confusion: number[][];
  boundary?: BoundaryIoUResult;
  calibration?: CalibrationResult;
  bootstrap?: BootstrapInterval;
  images: ImageRecord[];
  failures: ImageFailure[];
  /** Ids of the worst images, worst first. */
  worst: string[];
  /** One line each: what may make the numbers mean less than they seem (missing predictions, all-void ground truth). */
  warnings: string[];
  /** When the report was made and how long it took: the only fields that differ between two identical runs. */
  timing: { createdAt: string; seconds: number };
}

/** A kept worst case, for pictures in the report. */
export interface WorstSample {
  record: ImageRecord;
  gt: Uint8Array | Uint16Array;
  pred: Uint8Array | Uint16Array;
  width: number;
  height: number;
}
