/** Quality monitoring, platform-neutral: per-image statistics, reference profiles, drift. Re-exports only. */
export { imageQuality, checkLowConfidence, DEFAULT_LOW_CONFIDENCE, type ImageQuality, type QualityOptions } from './image-quality.js';
export {
  buildQualityProfile,
  defaultBins,
  MIN_PROFILE_IMAGES,
  PROFILE_FORMAT,
  PROFILE_VERSION,
  type ProfileClass,
  type ProfileOptions,
  type QualityProfile,
} from './quality-profile.js';
export { parseQualityProfile, checkProfileModel, qualityProfileSchema } from './profile-schema.js';
export { referenceHistogram, quantileEdges, binIndex, binShares, type Histogram } from './histogram.js';
export { psi, jensenShannonDivergence, jensenShannonDistance, DEFAULT_PSI_EPSILON } from './drift-math.js';
export { DriftMonitor, defaultMinImages, DEFAULT_WINDOW, DEFAULT_THRESHOLDS, type DriftOptions } from './drift-monitor.js';
export type { DriftReport, DriftStatus, FigureStatus, DriftThresholds, PsiFigure, ClassFigure, DistributionFigure } from './drift-report.js';
