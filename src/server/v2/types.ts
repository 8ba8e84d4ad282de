/**
 * The Open Inference Protocol (KServe v2) as semseg speaks it over HTTP: tensor data types, the parsed inference
 * request, and the tensor names of a segmentation model. Pure types and constants (no Fastify, no Node built-ins).
 */

/** The spec's tensor data types ("Tensor Data Types") and the bytes one element takes; BYTES is variable. */
export const DATATYPE_SIZES = {
  BOOL: 1,
  UINT8: 1,
  UINT16: 2,
  UINT32: 4,
  UINT64: 8,
  INT8: 1,
  INT16: 2,
  INT32: 4,
  INT64: 8,
  FP16: 2,
  FP32: 4,
  FP64: 8,
  BYTES: 0,
} as const;

export type Datatype = keyof typeof DATATYPE_SIZES;
export type FixedDatatype = Exclude<Datatype, 'BYTES'>;

/** `$parameters`: names to a string, number or boolean. */
export type Parameters = Record<string, string | number | boolean>;

interface InputBase {
  name: string;
  /** Every dimension a whole number of 0 or more (the request's shape, batch dimension included). */
  shape: number[];
  parameters?: Parameters;
  /** True when the data came after the JSON header (`parameters.binary_data_size`), false for JSON `data`. */
  binary: boolean;
}

export interface FixedInput extends InputBase {
  datatype: FixedDatatype;
  /**
   * The elements, row-major, little-endian, `size x elements` bytes: binary data as sent (a view of the request
   * body), JSON data converted (BOOL as 0/1 bytes).
   */
  data: Uint8Array;
}

export interface BytesInput extends InputBase {
  datatype: 'BYTES';
  /** One entry per element: its bytes (binary data) or the JSON string as sent (JSON data). */
  data: Uint8Array[] | string[];
}

export type InferInput = FixedInput | BytesInput;

export interface RequestedOutput {
  name: string;
  parameters?: Parameters;
}

export interface InferRequest {
  id?: string;
  parameters?: Parameters;
  inputs: InferInput[];
  /** Absent (or empty) means every output the model has, with default settings. */
  outputs?: RequestedOutput[];
  /**
   * A raw binary request (`Inference-Header-Content-Length: 0`, Triton's extension): no JSON header, the body is
   * the one BYTES element of input `image`; every output then comes back as binary data.
   */
  raw: boolean;
}

/** The one input of a semseg model: an [H, W, 3] (or [1, H, W, 3]) UINT8 image, or BYTES holding one encoded image. */
export const IMAGE_INPUT = 'image';
/** Class id per pixel, [H, W]: UINT8 for up to 256 classes, else UINT16. */
export const LABELS_OUTPUT = 'labels';
/** Probability of the chosen class per pixel (the highest softmax probability), FP32 [H, W]. */
export const CONFIDENCE_OUTPUT = 'confidence';
export type OutputName = typeof LABELS_OUTPUT | typeof CONFIDENCE_OUTPUT;
