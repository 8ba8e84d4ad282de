/**
 * A prediction -> the body and headers of the `$inference_response`. Outputs requested as JSON carry a `data` array;
 * binary ones carry `parameters.binary_data_size` and their bytes follow the JSON header in output order
 * (little-endian, row-major, no padding), with Inference-Header-Content-Length giving the header's length (binary
 * tensor extension). JSON is the spec's default, but a JSON label map costs 2 to 6 bytes a pixel and confidence up
 * to 18 (against 1-2 and 4 as binary), so outputs of more than `maxJsonElements` pixels must be asked for as binary.
 */
import { SemsegError, expected } from '../../core/errors.js';
import { jsonNumbers } from './json-numbers.js';
import type { OutputChoice } from './requested-outputs.js';
import { CONFIDENCE_OUTPUT, type OutputName } from './types.js';

export interface InferResult {
  /** Class id per pixel, row-major: UINT8 or UINT16 on the wire, as the typed array is. */
  labels: Uint8Array | Uint16Array;
  width: number;
  height: number;
  /** Needed when the confidence output is chosen. */
  confidence?: Float32Array;
}

export interface InferResponseOptions {
  modelName: string;
  /** Reported as `model_version`. */
  modelVersion?: string;
  /** The request's `id`, echoed when it had one. */
  id?: string;
  /** From chooseOutputs(). */
  outputs: readonly OutputChoice[];
  /** Give every output a leading dimension of 1 ([1, H, W]), as the request's image had. */
  batched?: boolean;
  /** Most pixels an output may have as a JSON array. Default MAX_JSON_ELEMENTS. */
  maxJsonElements?: number;
}

export interface InferResponse {
  body: Uint8Array;
  headers: { 'content-type': string; 'inference-header-content-length'?: string };
}

/** 2048 x 2048: a label map of up to 25 MB of JSON, confidence up to 75 MB. */
export const MAX_JSON_ELEMENTS = 4_194_304;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const utf8 = new TextEncoder();

/** Refuses JSON outputs too big to write; the server can call it as soon as it knows the image size. */
export function checkJsonOutputs(outputs: readonly OutputChoice[], width: number, height: number, maxJsonElements = MAX_JSON_ELEMENTS): void {
  if (width * height <= maxJsonElements) return;
  const json = outputs.find((o) => !o.binary);
  if (json) {
    throw expected(
      `binary_data: true (or binary_data_output) for outputs of images over ${maxJsonElements} pixels`,
      `outputs ${json.name}`,
      `JSON for a ${width}x${height} image`,
    );
  }
}

export function buildInferResponse(result: InferResult, options: InferResponseOptions): InferResponse {
  const { labels, width, height } = result;
  if (labels.length !== width * height) throw new SemsegError('INTERNAL', `Expected ${width * height} labels but received ${labels.length}`);
  checkJsonOutputs(options.outputs, width, height, options.maxJsonElements);
  const shape = JSON.stringify(options.batched ? [1, height, width] : [height, width]);
  const blobs: Uint8Array[] = [];
  // The JSON header as pieces: text, and the bytes of data arrays (written without a string per element).
  const header: (string | Uint8Array)[] = [`{"model_name":${JSON.stringify(options.modelName)}`];
  if (options.modelVersion !== undefined) header.push(`,"model_version":${JSON.stringify(options.modelVersion)}`);
  if (options.id !== undefined) header.push(`,"id":${JSON.stringify(options.id)}`);
  header.push(',"outputs":[');
  options.outputs.forEach(({ name, binary }, i) => {
    const { datatype, values } = tensorOf(name, result);
    header.push(`${i > 0 ? ',' : ''}{"name":${JSON.stringify(name)},"datatype":"${datatype}","shape":${shape}`);
    if (binary) {
      const bytes = littleEndian(values);
      blobs.push(bytes);
      header.push(`,"parameters":{"binary_data_size":${bytes.length}}}`);
    } else {
      checkFinite(values, name);
      header.push(',"data":[', jsonNumbers(values), ']}');
    }
  });
  header.push(']}');
  const pieces = header.map((p) => (typeof p === 'string' ? utf8.encode(p) : p));
  const headerLength = pieces.reduce((n, p) => n + p.length, 0);
  const body = new Uint8Array(headerLength + blobs.reduce((n, b) => n + b.length, 0));
  let offset = 0;
  for (const piece of [...pieces, ...blobs]) {
    body.set(piece, offset);
    offset += piece.length;
  }
  if (blobs.length === 0) return { body, headers: { 'content-type': 'application/json' } };
  return { body, headers: { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(headerLength) } };
}

function tensorOf(name: OutputName, result: InferResult): { datatype: string; values: Uint8Array | Uint16Array | Float32Array } {
  if (name !== CONFIDENCE_OUTPUT) return { datatype: result.labels instanceof Uint8Array ? 'UINT8' : 'UINT16', values: result.labels };
  const { confidence } = result;
  if (!confidence || confidence.length !== result.labels.length) {
    throw new SemsegError('INTERNAL', `Expected ${result.labels.length} confidence values for output confidence but received ${confidence ? confidence.length : 'none'} (predict with confidence: true)`);
  }
  return { datatype: 'FP32', values: confidence };
}

function checkFinite(values: Uint8Array | Uint16Array | Float32Array, name: string): void {
  if (!(values instanceof Float32Array)) return;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new SemsegError('OUTPUT_FAILED', `Expected finite values for output ${name} in JSON but received ${values[i]} at element ${i} (ask for binary data)`);
  }
}

function littleEndian(values: Uint8Array | Uint16Array | Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  if (LITTLE_ENDIAN || values instanceof Uint8Array) return bytes;
  const swapped = new Uint8Array(bytes.length);
  const view = new DataView(swapped.buffer);
  values.forEach((v, i) => (values instanceof Uint16Array ? view.setUint16(i * 2, v, true) : view.setFloat32(i * 4, v, true)));
  return swapped;
}
