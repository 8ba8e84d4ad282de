/**
 * The body of `POST /v2/models/{m}/infer` -> a checked InferRequest. Three forms:
 * - JSON only (no Inference-Header-Content-Length): the whole body is the `$inference_request` object;
 * - binary tensor extension: the first Inference-Header-Content-Length bytes are the JSON object, then the binary
 *   data of the inputs that carry `parameters.binary_data_size`, in input order, which must fill the rest exactly;
 * - raw binary (Inference-Header-Content-Length: 0): the body is the one element of the BYTES input `image`.
 * Every rule failing throws SemsegError INVALID_ARGUMENT naming the field (`inputs[0].shape`, ...). Work and memory
 * stay bounded by the body: counts of inputs, outputs, parameters and dimensions are capped, and no data is
 * allocated from a declared shape before the body is known to hold it.
 */
import { SemsegError, expected, firstLine } from '../../core/errors.js';
import { binaryTensorData, jsonTensorData } from './tensor-data.js';
import { DATATYPE_SIZES, IMAGE_INPUT, type Datatype, type InferInput, type InferRequest, type Parameters, type RequestedOutput } from './types.js';

export interface InferRequestHeaders {
  /** The Content-Type header, if any. */
  contentType?: string;
  /** The Inference-Header-Content-Length header as received (a repeated header arrives as an array). */
  inferenceHeaderContentLength?: string | number | readonly string[];
}

/** Caps of a request (far above what a segmentation request needs; they only bound the work of a hostile one). */
export const REQUEST_LIMITS = { inputs: 16, outputs: 16, parameters: 64, rank: 16, name: 256, id: 1024, elements: 2 ** 32 } as const;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseInferRequest(body: Uint8Array, headers: InferRequestHeaders = {}): InferRequest {
  const headerLength = readHeaderLength(headers.inferenceHeaderContentLength, body.length);
  if (headerLength === 0) return rawRequest(body);
  // Other content types are read as JSON, as Triton does (curl -d sends application/x-www-form-urlencoded); these
  // two never hold an inference request, and the likely intent has a protocol form.
  const type = headers.contentType?.split(';', 1)[0].trim().toLowerCase();
  if (headerLength === undefined && type && (type.startsWith('image/') || type.startsWith('multipart/'))) {
    const hint = type.startsWith('image/') ? ' (send the image bytes with Inference-Header-Content-Length: 0, or as a BYTES input)' : '';
    throw expected(`a JSON inference request or binary tensor data${hint}`, 'content-type', headers.contentType);
  }
  const end = headerLength ?? body.length;
  const json = parseJson(body.subarray(0, end));
  return checkRequest(json, body.subarray(end), headerLength !== undefined);
}

function readHeaderLength(value: InferRequestHeaders['inferenceHeaderContentLength'], bodyLength: number): number | undefined {
  const parameter = 'Inference-Header-Content-Length';
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    if (value.length !== 1) throw expected('one header', parameter, `${value.length} headers`);
    value = value[0];
  }
  const length = typeof value === 'number' ? value : /^\s*\d{1,15}\s*$/.test(String(value)) ? Number(value) : NaN;
  if (!Number.isSafeInteger(length) || length < 0) throw expected('a whole number of bytes', parameter, value);
  if (length > bodyLength) throw expected(`at most the body length (${bodyLength} bytes)`, parameter, length);
  return length;
}

function rawRequest(body: Uint8Array): InferRequest {
  if (body.length === 0) throw expected('the bytes of an encoded image (a raw binary request)', 'body', 'an empty body');
  return { raw: true, inputs: [{ name: IMAGE_INPUT, datatype: 'BYTES', shape: [1], binary: true, data: [body] }] };
}

function parseJson(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new SemsegError('INVALID_ARGUMENT', 'Expected UTF-8 JSON for the inference request but received bytes that are not UTF-8 (binary data needs the Inference-Header-Content-Length header)');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SemsegError('INVALID_ARGUMENT', `Expected a JSON inference request but received invalid JSON: ${firstLine((error as Error).message, 160)}`);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function checkName(value: unknown, parameter: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > REQUEST_LIMITS.name) throw expected(`a name of 1 to ${REQUEST_LIMITS.name} characters`, parameter, value);
  return value;
}

/** `$parameters`: string, number or boolean values; the binary extension's own ones typed as it specifies. */
function checkParameters(value: unknown, parameter: string): Parameters | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) throw expected('an object of parameters', parameter, value);
  const entries = Object.entries(value);
  if (entries.length > REQUEST_LIMITS.parameters) throw expected(`at most ${REQUEST_LIMITS.parameters} parameters`, parameter, entries.length);
  for (const [key, v] of entries) {
    if (!['string', 'number', 'boolean'].includes(typeof v)) throw expected('a string, number or boolean', `${parameter}.${key}`, v);
    if ((key === 'binary_data' || key === 'binary_data_output') && typeof v !== 'boolean') throw expected('true or false', `${parameter}.${key}`, v);
    if (key === 'binary_data_size' && !(Number.isSafeInteger(v) && (v as number) >= 0)) throw expected('a whole number of bytes', `${parameter}.${key}`, v);
    if (key === 'shared_memory_region') throw expected('tensor data in the request (the shared-memory extension is not supported)', `${parameter}.${key}`, v);
  }
  return value as Parameters;
}

function checkShape(value: unknown, parameter: string): { shape: number[]; count: number } {
  if (!Array.isArray(value) || value.length > REQUEST_LIMITS.rank) throw expected(`an array of at most ${REQUEST_LIMITS.rank} dimensions`, parameter, value);
  let count = 1;
  value.forEach((d, i) => {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) throw expected('a whole number of 0 or more (-1 is only for metadata)', `${parameter}[${i}]`, d);
    count *= d;
  });
  if (count > REQUEST_LIMITS.elements) throw expected(`at most ${REQUEST_LIMITS.elements} elements`, parameter, `[${value.join(', ')}]`);
  return { shape: value as number[], count };
}

function checkDatatype(value: unknown, parameter: string): Datatype {
  if (typeof value !== 'string' || !Object.hasOwn(DATATYPE_SIZES, value)) throw expected(`a datatype among ${Object.keys(DATATYPE_SIZES).join(', ')}`, parameter, value);
  return value as Datatype;
}

function checkList(value: unknown, parameter: string, max: number, optional: boolean): unknown[] | undefined {
  if (value === undefined && optional) return undefined;
  if (!Array.isArray(value) || (!optional && value.length === 0) || value.length > max) {
    throw expected(`an array of ${optional ? 0 : 1} to ${max} ${parameter}`, parameter, value);
  }
  return value;
}

function checkRequest(json: unknown, binary: Uint8Array, hasHeaderLength: boolean): InferRequest {
  if (!isObject(json)) throw expected('a JSON object (the inference request)', 'body', json);
  if (json.id !== undefined && (typeof json.id !== 'string' || json.id.length > REQUEST_LIMITS.id)) throw expected(`a string of at most ${REQUEST_LIMITS.id} characters`, 'id', json.id);
  const parameters = checkParameters(json.parameters, 'parameters');
  const rawInputs = checkList(json.inputs, 'inputs', REQUEST_LIMITS.inputs, false)!;
  const rawOutputs = checkList(json.outputs, 'outputs', REQUEST_LIMITS.outputs, true);
  const declared = rawInputs.map((input, i) => declareInput(input, `inputs[${i}]`));
  unique(declared.map((d) => d.input.name), 'inputs');
  const sizes = declared.map((d) => d.binarySize ?? 0);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total > 0 && !hasHeaderLength) throw expected('the length of the JSON header (inputs carry binary_data_size)', 'Inference-Header-Content-Length', 'no header');
  if (total !== binary.length) {
    throw expected(`binary data of ${total} bytes after the JSON header (the sum of binary_data_size)`, 'body', `${binary.length} bytes`);
  }
  let offset = 0;
  const inputs = declared.map((d): InferInput => {
    if (d.binarySize === undefined) return { ...d.input, binary: false, data: jsonTensorData(d.input.datatype, d.input.shape, d.count, d.data, d.where) } as InferInput;
    const bytes = binary.subarray(offset, (offset += d.binarySize));
    return { ...d.input, binary: true, data: binaryTensorData(d.input.datatype, d.count, bytes, d.where) } as InferInput;
  });
  const outputs = rawOutputs?.map((output, i) => checkOutput(output, `outputs[${i}]`));
  if (outputs) unique(outputs.map((o) => o.name), 'outputs');
  return { raw: false, inputs, ...(json.id !== undefined ? { id: json.id as string } : {}), ...(parameters ? { parameters } : {}), ...(outputs ? { outputs } : {}) };
}

function declareInput(value: unknown, where: string) {
  if (!isObject(value)) throw expected('an input object', where, value);
  const name = checkName(value.name, `${where}.name`);
  const datatype = checkDatatype(value.datatype, `${where}.datatype`);
  const { shape, count } = checkShape(value.shape, `${where}.shape`);
  const parameters = checkParameters(value.parameters, `${where}.parameters`);
  const binarySize = parameters?.binary_data_size as number | undefined;
  if (binarySize !== undefined && value.data !== undefined) throw expected('either data or parameters.binary_data_size', where, 'both');
  if (binarySize === undefined && value.data === undefined) throw expected('data or parameters.binary_data_size', where, 'neither');
  return { input: { name, datatype, shape, ...(parameters ? { parameters } : {}) }, count, binarySize, data: value.data, where };
}

function checkOutput(value: unknown, where: string): RequestedOutput {
  if (!isObject(value)) throw expected('an output object', where, value);
  const name = checkName(value.name, `${where}.name`);
  const parameters = checkParameters(value.parameters, `${where}.parameters`);
  if (parameters?.classification !== undefined) throw expected('no classification (the classification extension is not supported)', `${where}.parameters.classification`, parameters.classification);
  return { name, ...(parameters ? { parameters } : {}) };
}

function unique(names: string[], parameter: string): void {
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (seen.has(name)) throw expected('names used once', `${parameter}[${i}].name`, name);
    seen.add(name);
  });
}
