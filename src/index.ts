/**
 * semseg public API for Node: everything of the browser-safe entry (`semseg/core`: createModel, segment, numerics,
 * metrics, errors, types) plus what needs Node: model files, decoding and encoding with sharp, datasets, evaluation.
 * Re-exports only; docs/api.md shows each entry in use.
 */
export * from './core-entry.js';
export { loadModel } from './models/load.js';
export { readModelCard } from './models/read-card.js';
export { embeddedModels, DEFAULT_MODEL } from './models/registry.js';
export { decodeImage, decodeOptionsFor, type DecodeOptions, type PixelMode } from './io/decode.js';
export { openImageRegions, type ImageRegions, type RegionReaderOptions } from './io/region-reader.js';
export { encodeLabelPng, encodeColorPng, encodePng, encodeJpeg } from './formats/encode.js';
export { encodeJpegWithLegend, legendPanel, type LegendPanel } from './formats/legend.js';
export { fileSink, writeFileAtomic } from './io/file-sink.js';
export { predict, validatePredictOptions, type PredictInput, type PredictOptions, type Prediction } from './pipeline/predict.js';
export { readQualityProfile, writeQualityProfile } from './monitoring/profile-file.js';
export { predictStreamed, type StreamedOptions, type StreamedResult } from './pipeline/predict-streamed.js';

export {
  openDataset,
  DATASET_KINDS,
  type Dataset,
  type DatasetKind,
  type DatasetSample,
  type LabelData,
  type OpenDatasetOptions,
} from './datasets/index.js';
export { evaluateModel, evaluatePredictions, type EvaluationResult, type ProgressCallback } from './evaluation/evaluate.js';
export { compareReports, type ReportComparison } from './evaluation/compare.js';
export type { EvaluationOptions, EvaluationReport, ImageFailure, ImageRecord } from './evaluation/types.js';
export { writeHtmlReport } from './report/html/write-html-report.js';
export type { LoadedModel, LoadModelOptions, EmbeddedModelEntry } from './models/types.js';
export type { BackendOptions } from './runtime/types.js';
export { createInferencePool, createOrtBackend, ortBackendFactory } from './runtime/ort-backend.js';
export type { CallOptions, InferencePool, InferenceBackendFactory, ModelSource, PoolOptions, PoolStats, RunDurations } from './runtime/types.js';
export { labelComponents, type Components, type ComponentBox, type Connectivity, type ForegroundMask } from './instances/connected-components.js';
export { fieldImageStats, fieldTotals, sharesOf, weedComponents, type LabelledImage, type WeedComponents } from './agriculture/field-stats.js';
export { resolveRoles, ROLE_CODE, type ResolvedRoles } from './agriculture/roles.js';
export { buildVegetationModel } from './agriculture/vegetation-graph.js';
export type { FieldImageStats, FieldItem, FieldReport, FieldShares, FieldStatsOptions, FieldTotals, RolePixels, WeedPatch } from './agriculture/types.js';
export type { ClassRoles, RoleName } from './models/roles-schema.js';
