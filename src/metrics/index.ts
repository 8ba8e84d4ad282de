/** Metrics public surface: streaming accumulators, metric computation, tool profiles. Re-exports only. */
export { createConfusionMatrix, type ConfusionMatrix } from './confusion-matrix.js';
export type { MetricLabelOptions } from './label-coder.js';
export type { LabelArray, LabelGrid } from './label-grid.js';
export { classCounts, sumClassCounts, type ClassCounts } from './class-counts.js';
export { computeMetrics, type Metrics, type PerClassMetrics } from './compute-metrics.js';
export {
  profiles,
  smpProfile,
  type ClassMetricKey,
  type MetricProfile,
  type ProfileName,
  type SmpReduction,
  type SummaryKey,
} from './profiles.js';
export { scoreWithProfile, type MetricReport, type ScoreInput } from './score-with-profile.js';
export { bootstrapMiou, type BootstrapInterval, type BootstrapOptions } from './bootstrap.js';
export {
  createBoundaryIoU,
  type BoundaryIoUAccumulator,
  type BoundaryIoUOptions,
  type BoundaryIoUResult,
} from './boundary-iou.js';
export {
  createCalibration,
  type CalibrationAccumulator,
  type CalibrationOptions,
  type CalibrationResult,
  type ReliabilityBin,
} from './calibration.js';
export {
  surfaceDistances,
  volumeOverlap,
  type SurfaceDistances,
  type VolumeDims,
  type VolumeLabels,
  type VolumeOverlap,
  type VoxelSpacing,
} from './surface-distance.js';
export { boundaryCounts, boundaryFScore, addBoundaryCounts, maskBoundary, dilateSquare, type BoundaryCounts } from './boundary-f.js';
