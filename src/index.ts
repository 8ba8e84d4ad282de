/** semseg public API: re-exports only. */
export { loadModel, resolveModel } from './models/load.js';
export { segment, type SegmentOptions } from './inference/segment.js';
export { withBatching, hasDynamicBatch } from './inference/batching.js';
export { resolveInference, type InferenceOptions, type InferenceMode, type TtaOptions, type ResolvedInference } from './inference/options.js';
export { segmentRows, type LabelStrip, type LabelSink, type RowSegmentOptions } from './inference/segment-rows.js';
export type { BlendMode } from './inference/blend.js';
export { openImageRegions, type ImageRegions, type RegionReaderOptions } from './io/region-reader.js';
export { decodeImage, type DecodeOptions } from './io/decode.js';
export { encodeLabelPng, encodeColorPng } from './io/encode.js';
export { colorize, overlay, overlayClasses, classStats, type ClassStat } from './io/render.js';
export { embeddedModels, DEFAULT_MODEL } from './models/registry.js';
export { parseModelCard } from './models/card.js';
export { readModelCard } from './models/read-card.js';
export { SemsegError, type ErrorCode } from './core/errors.js';
export type { RasterImage, LabelMap, ClassInfo, Rgb, Tensor, RuntimeTensor, PixelArray } from './core/types.js';
export type { ModelCard, ModelCardInput, InputSpec, OutputSpec } from './models/card-schema.js';
export type { SegmentationModel, LoadModelOptions } from './models/types.js';
export type { BackendOptions, InferenceBackend, ModelMetadata, TensorMetadata } from './runtime/types.js';
