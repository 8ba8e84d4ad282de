/**
 * Metadata answers of the Open Inference Protocol: `GET /v2` (server), `GET /v2/models/{m}` (model) and the JSON
 * of `GET /v2/models/{m}/ready`. A model always takes `image` UINT8 [-1, -1, 3] (any size: semseg resizes, tiles
 * and pads as the card says) and gives `labels` [-1, -1] (UINT8 up to 256 classes, else UINT16) and, when the
 * model outputs scores, `confidence` FP32 [-1, -1]. The metadata lists only the UINT8 input; a BYTES [1] input
 * named `image` (one PNG, JPEG, TIFF... file) is accepted as well. Per-class probabilities are not offered: the
 * pipeline reduces scores to labels and confidence as it goes and never holds the full score volume.
 */
import type { ModelCard } from '../../models/card-schema.js';
import { CONFIDENCE_OUTPUT, IMAGE_INPUT, LABELS_OUTPUT, type OutputName } from './types.js';

export interface TensorMetadata {
  name: string;
  datatype: string;
  /** -1 for a dimension of any size. */
  shape: number[];
}

export interface ModelMetadataResponse {
  name: string;
  versions: string[];
  platform: string;
  inputs: TensorMetadata[];
  outputs: TensorMetadata[];
}

export interface ServerMetadataResponse {
  name: string;
  version: string;
  extensions: string[];
}

/** Triton's platform name for ONNX Runtime (every semseg model runs there; TFLite ones are converted to ONNX). */
export const PLATFORM = 'onnxruntime_onnx';

/** The outputs a model can give: confidence needs scores (models that output label ids have none). */
export function availableOutputs(card: ModelCard): OutputName[] {
  return card.output.kind === 'labels' ? [LABELS_OUTPUT] : [LABELS_OUTPUT, CONFIDENCE_OUTPUT];
}

/** UINT8 when every class id fits a byte (as the pipeline's label maps are Uint8Array then), else UINT16. */
export function labelsDatatype(card: ModelCard): 'UINT8' | 'UINT16' {
  return card.classes.length > 256 ? 'UINT16' : 'UINT8';
}

export function modelMetadata(card: ModelCard): ModelMetadataResponse {
  return {
    name: card.name,
    versions: [card.version],
    platform: PLATFORM,
    inputs: [{ name: IMAGE_INPUT, datatype: 'UINT8', shape: [-1, -1, 3] }],
    outputs: availableOutputs(card).map((name) => ({
      name,
      datatype: name === CONFIDENCE_OUTPUT ? 'FP32' : labelsDatatype(card),
      shape: [-1, -1],
    })),
  };
}

/** `GET /v2`: semseg supports the binary tensor data extension (binary_data_size, binary_data, raw requests). */
export function serverMetadata(version: string): ServerMetadataResponse {
  return { name: 'semseg', version, extensions: ['binary_tensor_data'] };
}

/** `GET /v2/models/{m}/ready` answers with the status (200 or 400+) and, optionally, this body. */
export function modelReady(name: string, ready: boolean): { name: string; ready: boolean } {
  return { name, ready };
}
