/** What the deployment benchmark plans and measures; render.ts turns these into docs/deployment.md. */

export const PRECISIONS = ['fp32', 'int8', 'fp16'] as const;
export type Precision = (typeof PRECISIONS)[number];

export interface Size {
  width: number;
  height: number;
}

export const SIZES: readonly Size[] = [
  { width: 480, height: 360 },
  { width: 1024, height: 512 },
  { width: 2048, height: 1024 },
];

export const sizeLabel = (s: Size): string => `${s.width}x${s.height}`;

/** How a model's figure of merit is measured (`semseg eval` arguments) and which number of the report is shown. */
export interface AccuracySpec {
  /** Shown in the table header, e.g. "CamVid test mIoU". */
  label: string;
  /** `semseg eval` arguments after `-m <model>`. */
  evalArgs: string[];
  /** Which figure of report.json: the mean IoU, or one class's IoU or Dice. */
  figure: { kind: 'mIoU' } | { kind: 'classIoU' | 'classDice'; classIndex: number };
  /** fp32 may use the card's recorded metrics.mIoU when the card says it was measured with this command. */
  cardFigure?: { measuredWithIncludes: string };
}

/** Images `semseg models quantize --calibration` reads for one model: the first `take` files of `dir` matching `match`. */
export interface CalibrationSource {
  dir: string;
  take: number;
  match: RegExp;
}

/** One model x precision of the plan: either a folder to measure, or the reason there is none. */
export interface PlannedVariant {
  model: string;
  precision: Precision;
  /** Calibration images for `semseg models quantize` (int8 only). */
  calibration?: CalibrationSource[];
  /** Set when the variant is not built: why (shown in the document). */
  skipped?: string;
}

export interface Timing {
  median: number;
  min: number;
  runs: number;
}

/** Node: one pool configuration of one variant, all sizes (one child process). */
export interface NodeResult {
  config: 'node-1x2' | 'node-2x1';
  /** Per size label: milliseconds per image, one image at a time. */
  latency: Record<string, Timing>;
  /** Per size label (2 workers only): images per second with as many images in flight as workers. */
  throughput?: Record<string, number>;
  /** How the product ran each size (whole, slide; resized to the model's fixed input). */
  plan: Record<string, string>;
  /** Peak resident memory of the process, MiB. */
  peakRssMiB: number;
}

export interface BrowserResult {
  config: 'wasm-1' | 'wasm-2';
  latency: Record<string, Timing>;
  /** Threads onnxruntime-web actually used (2 needs a cross-origin isolated page). */
  threadsUsed: number;
  crossOriginIsolated: boolean;
  /** First segmentation on a fresh page: model download + session creation + one run, ms. */
  firstRunMs: number;
}

export interface VariantMeasurement {
  model: string;
  precision: Precision;
  /** Set when the variant could not be measured at all (not built, failed to load). */
  unavailable?: string;
  /** Not built on purpose (the plan leaves this precision out; the model's intro says why). */
  skipped?: boolean;
  fileBytes?: number;
  node: NodeResult[];
  browser: BrowserResult[];
  /** Per runtime config, why it has no figures (e.g. the page cannot feed 4-band rasters). */
  notMeasured: Record<string, string>;
  accuracy?: { value: number; source: string } | { unavailable: string };
}

export interface RunInfo {
  command: string;
  date: string;
  machine: string;
  runs: number;
  warmup: number;
  sizes: string[];
  quick: boolean;
  durationS: number;
}

export interface ModelInfo {
  name: string;
  description: string;
  inputNote: string;
  accuracyLabel?: string;
  /** Why there is no accuracy figure (no ground truth). */
  accuracyNote?: string;
}

/** What every timing cell (Node or browser) is given: the model, the sizes and images, how many runs. */
export interface CellTiming {
  reference: string;
  sizes: readonly Size[];
  runs: number;
  warmup: number;
  budgetS: number;
  image: string;
  grey: boolean;
}
