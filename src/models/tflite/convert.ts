/**
 * Converts the main subgraph of a float TFLite model into an ONNX model (opset 17). Every operator is tried; all
 * that cannot be mapped are reported together in one UNSUPPORTED_OPERATOR error.
 */
import { SemsegError } from '../../core/errors.js';
import { encodeOnnxModel, OnnxDataType, type OnnxValueInfo } from '../onnx/model-writer.js';
import { builtinOperatorName } from './builtin-operators.js';
import { ConversionContext, UnsupportedOperator, type OperatorConverter } from './conversion-context.js';
import { TensorType, type TfliteModel, type TfliteOperator, type TfliteSubgraph } from './model-reader.js';
import { activationConverters } from './ops/activations.js';
import { arithmeticConverters } from './ops/arithmetic.js';
import { convolutionConverters } from './ops/convolution.js';
import { dequantizeConverters } from './ops/dequantize.js';
import { poolingConverters } from './ops/pooling.js';
import { resizeConverters } from './ops/resize.js';
import { toNchwShape } from './tensor-data.js';

export const ONNX_OPSET = 17;
const ONNX_IR_VERSION = 8;

const converters: Record<string, OperatorConverter> = {
  ...activationConverters,
  ...arithmeticConverters,
  ...convolutionConverters,
  ...dequantizeConverters,
  ...poolingConverters,
  ...resizeConverters,
};

const SUPPORTED_OPERATORS = Object.keys(converters).sort().join(', ');

export interface ConvertOptions {
  inputName: string;
  outputName: string;
  producerVersion: string;
  metadata?: Record<string, string>;
}

export interface ConversionResult {
  onnx: Uint8Array;
  input: OnnxValueInfo;
  output: OnnxValueInfo;
  /** How often each TFLite operator occurred (all were converted). */
  operators: Record<string, number>;
  /** TFLite operator producing the model output (e.g. LOGISTIC). */
  finalOperator: string;
  nodes: number;
  initializers: number;
  parameters: number;
}

function operatorName(op: TfliteOperator): string {
  return op.code.custom ?? builtinOperatorName(op.code.builtin);
}

export function convertTflite(model: TfliteModel, options: ConvertOptions): ConversionResult {
  const subgraph = model.subgraphs[0];
  if (!subgraph) throw new SemsegError('INVALID_ARGUMENT', 'Expected at least one subgraph for model but received none');
  if (model.subgraphs.length > 1) {
    throw new SemsegError('UNSUPPORTED_OPERATOR', `Expected a single subgraph for model but received ${model.subgraphs.length} (control flow is not supported)`);
  }
  const [input, output] = checkSignature(subgraph);
  const context = new ConversionContext(subgraph, new Map([[input.index, options.inputName], [output.index, options.outputName]]));
  const problems: string[] = [];
  const operators: Record<string, number> = {};
  for (const op of subgraph.operators) {
    const name = operatorName(op);
    operators[name] = (operators[name] ?? 0) + 1;
    // Custom operators are looked up as `custom:<name>`, so they can never be taken for a builtin one.
    const key = op.code.custom === undefined ? name : `custom:${name}`;
    const convert = Object.hasOwn(converters, key) ? converters[key] : undefined;
    try {
      if (!convert) throw new UnsupportedOperator('no converter for this operator');
      convert(op, context);
    } catch (error) {
      if (!(error instanceof UnsupportedOperator)) throw error;
      const outputName = subgraph.tensors[op.outputs[0]]?.name ?? '?';
      problems.push(`${op.code.custom === undefined ? name : `custom "${name}"`} at operators[${op.index}] (output "${outputName}"): ${error.message}`);
    }
  }
  if (problems.length) {
    throw new SemsegError('UNSUPPORTED_OPERATOR', `Expected operators the TFLite importer supports for model but received ${problems.length} it cannot convert: ${problems.join('; ')} (supported: ${SUPPORTED_OPERATORS})`);
  }
  const inputInfo = { name: context.value(input), dataType: OnnxDataType.FLOAT, dims: toNchwShape(input.shape) };
  const outputInfo = { name: context.value(output), dataType: OnnxDataType.FLOAT, dims: toNchwShape(output.shape) };
  const { nodes, initializers } = context.graph;
  const onnx = encodeOnnxModel({
    irVersion: ONNX_IR_VERSION,
    opsetVersion: ONNX_OPSET,
    producerName: 'semseg-tflite-import',
    producerVersion: options.producerVersion,
    docString: model.description,
    metadata: options.metadata,
    graph: { name: subgraph.name || 'main', nodes, initializers, inputs: [inputInfo], outputs: [outputInfo] },
  });
  const producer = subgraph.operators.find((op) => op.outputs.includes(output.index));
  return {
    onnx,
    input: inputInfo,
    output: outputInfo,
    operators,
    finalOperator: producer ? operatorName(producer) : 'none',
    nodes: nodes.length,
    initializers: initializers.length,
    parameters: initializers.reduce((sum, initializer) => sum + initializer.data.length, 0),
  };
}

/** One float32 rank-4 input and one float32 output; any quantized tensor rejects the model. */
function checkSignature(subgraph: TfliteSubgraph) {
  const quantized = subgraph.tensors.find((tensor) => tensor.quantized || tensor.type === TensorType.INT8 || tensor.type === TensorType.UINT8);
  if (quantized) {
    throw new SemsegError('UNSUPPORTED_OPERATOR', `Expected a float model for model but received quantized tensor "${quantized.name}" (quantized TFLite models are not supported)`);
  }
  if (subgraph.inputs.length !== 1 || subgraph.outputs.length !== 1) {
    throw new SemsegError('UNSUPPORTED_OPERATOR', `Expected one input and one output for model but received ${subgraph.inputs.length} inputs and ${subgraph.outputs.length} outputs`);
  }
  const input = subgraph.tensors[subgraph.inputs[0]];
  const output = subgraph.tensors[subgraph.outputs[0]];
  if (!input || !output) throw new SemsegError('INVALID_ARGUMENT', 'Expected valid input and output tensor indices for model but received out-of-range ones');
  for (const [role, tensor] of [['input', input], ['output', output]] as const) {
    if (tensor.type !== TensorType.FLOAT32 || tensor.shape.length !== 4 || tensor.shape.some((d) => !(d > 0))) {
      throw new SemsegError('UNSUPPORTED_OPERATOR', `Expected a float32 tensor of static rank-4 shape for model ${role} but received "${tensor.name}" of type ${tensor.type} and shape [${tensor.shape.join(', ')}]`);
    }
  }
  return [input, output] as const;
}
