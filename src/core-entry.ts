/**
 * `semseg/core`: the browser-safe entry. Everything here runs without Node built-ins, sharp or onnxruntime-node
 * (test/packaging/browser-bundle.test.ts bundles it for the browser and fails on any such import). Bring your own
 * InferenceBackend (e.g. around onnxruntime-web) and decoded pixels; re-exports only.
 */
export { createModel } from './models/create-model.js';
export { parseModelCard } from './models/card.js';
export { segment, type SegmentOptions } from './inference/segment.js';
export { withBatching, hasDynamicBatch } from './inference/batching.js';
export { resolveInference, type InferenceOptions, type InferenceMode, type TtaOptions, type ResolvedInference } from './inference/options.js';
export { segmentRows, type LabelStrip, type LabelSink, type RowSegmentOptions } from './inference/segment-rows.js';
export type { RowSource } from './inference/row-source.js';
export type { BlendMode } from './inference/blend.js';
export { planInput, type InputPlan } from './preprocess/plan.js';
export { imageToTensor } from './preprocess/to-tensor.js';
export { scoresToLabels, type LabelOptions } from './postprocess/scores-to-labels.js';
export { colorize, overlay, overlayClasses, confidenceToGrey, classStats, type ClassStat } from './formats/render.js';
export { toDisplayImage } from './formats/display.js';
export { labelMapToRle, encodeClassRle, type CocoRle, type ClassRle } from './formats/coco-rle.js';
export { predictionJson, encodePredictionJson, type PredictionJson, type PredictionClass } from './formats/prediction-json.js';
export { memorySink, writeAll, type ByteSink, type MemorySink } from './formats/byte-sink.js';
export { OUTPUT_KINDS, DEFAULT_OUTPUTS, OUTPUT_FORMATS, type OutputKind, type EncodedOutput } from './pipeline/outputs.js';
export * from './metrics/index.js';
export * from './monitoring/index.js';
export { SemsegError, expected, type ErrorCode } from './core/errors.js';
export { ERROR_DISPOSITIONS, dispositionOf, type ErrorDisposition } from './core/error-status.js';
export type { RasterImage, LabelMap, ClassInfo, Rgb, Tensor, RuntimeTensor, PixelArray, SourceMeta } from './core/types.js';
export type { ModelCard, ModelCardInput, InputSpec, OutputSpec } from './models/card-schema.js';
export type { SegmentationModel, CreateModelOptions } from './models/types.js';
export type { InferenceBackend, ModelMetadata, TensorMetadata, ArgmaxRequest, ArgmaxReply } from './runtime/types.js';
export { classProbabilities, softmaxPlanes, argmaxPlanes, type ProbabilityPlanes } from './inference/probabilities.js';
export { foregroundMatte, featherMatte, thresholdMatte } from './background/matte.js';
export { guidedFilter, guideLuma, type GuidedFilterOptions } from './background/guided-filter.js';
export { compositeOver, parseHexColor, solidRgb, rgbOf } from './background/composite.js';
export { buildMatte } from './background/refine-matte.js';
export { ProbabilitySmoother } from './video/smoothing.js';
export { FlickerMeter, changedShare } from './video/flicker.js';
export { labelMapToGeojson, encodeGeojson, checkVectorOptions } from './vectors/geojson.js';
export type { VectorOptions, VectorCrs, GeoFeature, GeoFeatureCollection } from './vectors/types.js';
export { labelComponents, type Components, type Connectivity } from './vectors/components.js';
export { findInstances, type Instance, type Instances, type InstanceOptions } from './instances/instances.js';
export { labelMapToCoco, encodeCocoJson, type CocoDataset, type CocoAnnotation, type CocoOptions } from './instances/coco-json.js';
