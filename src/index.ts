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

// Volumes (NIfTI-1, TIFF stacks): reading, slice-by-slice prediction, writers and per-structure scores.
export { readVolumeFile, isVolumeFile, type ReadVolumeOptions } from './io/volume-file.js';
export { readNifti, type ReadNiftiOptions } from './io/nifti-read.js';
export { readTiffStack } from './io/tiff-stack.js';
export { encodeNiftiLabels, type NiftiLabelVolume } from './formats/nifti-labels.js';
export { encodeTiffStackLabels } from './formats/tiff-stack-labels.js';
export { predictVolume, volumeJson, type PredictVolumeOptions, type VolumePrediction } from './volumes/predict-volume.js';
export type { Volume, VolumeAxis, NiftiSpatial } from './volumes/types.js';
export { toLabelVolume } from './volumes/label-volume.js';
export { scoreVolume, summarizeStructures, type LabelVolume, type StructureScore, type StructureSummary, type VolumeScore } from './evaluation/volume-scores.js';

// Background replacement and video.
export { replaceBackground, composeFrame } from './background/replace-background.js';
export { createBackdrop, type Backdrop } from './background/backdrop.js';
export { resolveForeground } from './background/foreground-classes.js';
export type { BackdropSpec, BackgroundOptions, BackgroundResult, MatteOptions, MatteRefinement } from './background/types.js';
export { predictVideo, type VideoPredictOptions } from './pipeline/predict-video.js';
export { backgroundVideo, type VideoBackgroundOptions } from './pipeline/background-video.js';
export { openVideo } from './video/frame-reader.js';
export { openFrameFolder } from './video/frame-folder.js';
export { openFrameWriter, type FrameWriter } from './video/frame-writer.js';
export { probeVideo, type VideoInfo } from './video/ffmpeg-probe.js';
export type { VideoTools } from './video/ffmpeg-tools.js';
export type { FlickerFigures, FrameSource } from './video/types.js';

// Agriculture: roles, field statistics, the vegetation graph.
export { fieldImageStats, fieldTotals, sharesOf, weedComponents, type LabelledImage, type WeedComponents } from './agriculture/field-stats.js';
export { resolveRoles, ROLE_CODE, type ResolvedRoles } from './agriculture/roles.js';
export { buildVegetationModel } from './agriculture/vegetation-graph.js';
export type { FieldImageStats, FieldItem, FieldReport, FieldShares, FieldStatsOptions, FieldTotals, RolePixels, WeedPatch } from './agriculture/types.js';
export type { ClassRoles, RoleName } from './models/roles-schema.js';
