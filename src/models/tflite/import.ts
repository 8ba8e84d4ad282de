/**
 * TFLite -> ONNX import: the ONNX bytes, a model card describing how to feed the result, and a short report.
 * The card's defaults suit MediaPipe-style models (RGB scaled to 0..1, stretched to the fixed input size); pass
 * `card` to override any field (input/output are merged field by field).
 */
import { expected } from '../../core/errors.js';
import { parseModelCard } from '../card.js';
import type { ModelCardInput } from '../card-schema.js';
import { defaultClasses } from '../default-classes.js';
import { convertTflite, ONNX_OPSET } from './convert.js';
import { readTfliteModel } from './model-reader.js';

/** Bumped whenever the importer's output changes, so cached conversions are redone. */
export const IMPORTER_VERSION = '1';

export interface ImportTfliteOptions {
  /** Card fields that replace the derived ones. */
  card?: Partial<ModelCardInput>;
  /** ONNX graph input name (default "input"). */
  inputName?: string;
  /** ONNX graph output name (default "output"). */
  outputName?: string;
}

export interface ImportTfliteReport {
  importerVersion: string;
  opset: number;
  /** TFLite operator name -> occurrences, all converted. */
  operators: Record<string, number>;
  nodes: number;
  initializers: number;
  parameters: number;
  input: { name: string; dims: number[] };
  output: { name: string; dims: number[] };
}

export interface ImportTfliteResult {
  onnx: Uint8Array;
  card: ModelCardInput;
  report: ImportTfliteReport;
}

export function importTflite(bytes: Uint8Array, options: ImportTfliteOptions = {}): ImportTfliteResult {
  if (!(bytes instanceof Uint8Array)) throw expected('a Uint8Array', 'bytes', bytes);
  if (typeof options !== 'object' || options === null) throw expected('an options object', 'options', options);
  for (const key of ['inputName', 'outputName'] as const) {
    const value = options[key];
    if (value !== undefined && (typeof value !== 'string' || value.length === 0)) throw expected('a non-empty string', `options.${key}`, value);
  }
  const model = readTfliteModel(bytes);
  const result = convertTflite(model, {
    inputName: options.inputName ?? 'input',
    outputName: options.outputName ?? 'output',
    producerVersion: IMPORTER_VERSION,
    metadata: { source: 'tflite', description: model.description },
  });
  const [, , height, width] = result.input.dims;
  const channels = result.output.dims[1];
  const derived: ModelCardInput = {
    name: 'tflite-import',
    description: model.description,
    input: {
      name: result.input.name,
      layout: 'NCHW',
      dtype: 'float32',
      size: { mode: 'fixed', width, height },
      resize: 'stretch',
      colorOrder: 'RGB',
      valueScale: 1 / 255,
      mean: [0, 0, 0],
      std: [1, 1, 1],
    },
    output: {
      name: result.output.name,
      kind: result.finalOperator === 'LOGISTIC' || result.finalOperator === 'SOFTMAX' ? 'probabilities' : 'logits',
      layout: 'NCHW',
    },
    classes: defaultClasses(channels),
  };
  const override = options.card ?? {};
  const card: ModelCardInput = {
    ...derived,
    ...override,
    input: { ...derived.input, ...override.input },
    output: { ...derived.output, ...override.output },
  };
  parseModelCard(card, 'the imported model card');
  return {
    onnx: result.onnx,
    card,
    report: {
      importerVersion: IMPORTER_VERSION,
      opset: ONNX_OPSET,
      operators: result.operators,
      nodes: result.nodes,
      initializers: result.initializers,
      parameters: result.parameters,
      input: { name: result.input.name, dims: result.input.dims },
      output: { name: result.output.name, dims: result.output.dims },
    },
  };
}
