/**
 * Reads the parts of a TFLite flatbuffer (tensorflow/lite/schema/schema.fbs, file identifier "TFL3") that the
 * importer needs into plain objects. Buffers and option tables stay views into the input bytes.
 */
import { SemsegError } from '../../core/errors.js';
import { CUSTOM_OPERATOR } from './builtin-operators.js';
import { FbTable } from './flatbuffer-table.js';

/** schema.fbs `TensorType`, the members the importer names. */
export const TensorType = { FLOAT32: 0, FLOAT16: 1, INT32: 2, UINT8: 3, INT64: 4, INT8: 9 } as const;

export interface TfliteTensor {
  index: number;
  name: string;
  shape: number[];
  type: number;
  /** Constant contents (empty for activations). */
  data: Uint8Array;
  /** True when quantization scales are present. */
  quantized: boolean;
}

export interface TfliteOperatorCode {
  /** Effective builtin code: the larger of `deprecated_builtin_code` and `builtin_code`. */
  builtin: number;
  custom?: string;
  version: number;
}

export interface TfliteOperator {
  index: number;
  code: TfliteOperatorCode;
  /** Tensor indices; -1 marks an omitted optional input. */
  inputs: number[];
  outputs: number[];
  /** The `builtin_options` union value, if any. */
  builtinOptions?: FbTable;
  customOptions: Uint8Array;
}

export interface TfliteSubgraph {
  name: string;
  tensors: TfliteTensor[];
  inputs: number[];
  outputs: number[];
  operators: TfliteOperator[];
}

export interface TfliteModel {
  version: number;
  description: string;
  subgraphs: TfliteSubgraph[];
  metadata: { name: string; data: Uint8Array }[];
}

// Field ids, in schema.fbs declaration order (a union occupies two ids: type, then value).
const MODEL = { version: 0, operatorCodes: 1, subgraphs: 2, description: 3, buffers: 4, metadata: 6 };
const OPERATOR_CODE = { deprecatedBuiltinCode: 0, customCode: 1, version: 2, builtinCode: 3 };
const SUBGRAPH = { tensors: 0, inputs: 1, outputs: 2, operators: 3, name: 4 };
const TENSOR = { shape: 0, type: 1, buffer: 2, name: 3, quantization: 4, sparsity: 6 };
const QUANTIZATION = { scale: 2 };
const BUFFER = { data: 0, offset: 1 };
const OPERATOR = { opcodeIndex: 0, inputs: 1, outputs: 2, builtinOptions: 4, customOptions: 5 };
const METADATA = { name: 0, buffer: 1 };

export function readTfliteModel(bytes: Uint8Array): TfliteModel {
  if (bytes.length < 8 || String.fromCharCode(...bytes.subarray(4, 8)) !== 'TFL3') {
    throw new SemsegError('INVALID_ARGUMENT', `Expected a TFLite flatbuffer (identifier "TFL3") for bytes but received ${bytes.length} bytes without it`);
  }
  try {
    return readModel(FbTable.root(bytes));
  } catch (error) {
    if (error instanceof SemsegError) throw error;
    throw new SemsegError('INVALID_ARGUMENT', `Expected a readable TFLite flatbuffer for bytes but received one that fails to parse: ${(error as Error).message}`, { cause: error });
  }
}

function readModel(model: FbTable): TfliteModel {
  const buffers = model.tables(MODEL.buffers).map(readBuffer);
  const codes = model.tables(MODEL.operatorCodes).map(readOperatorCode);
  return {
    version: model.uint32(MODEL.version),
    description: model.string(MODEL.description) ?? '',
    subgraphs: model.tables(MODEL.subgraphs).map((subgraph) => readSubgraph(subgraph, buffers, codes)),
    metadata: model.tables(MODEL.metadata).map((entry) => ({
      name: entry.string(METADATA.name) ?? '',
      data: buffers[entry.uint32(METADATA.buffer)] ?? new Uint8Array(0),
    })),
  };
}

function readBuffer(buffer: FbTable, index: number): Uint8Array {
  if (buffer.has(BUFFER.offset)) {
    throw new SemsegError('INVALID_ARGUMENT', `Expected buffers stored inside the flatbuffer for buffers[${index}] but received one stored outside it (models over 2 GB are not supported)`);
  }
  return buffer.bytes(BUFFER.data);
}

function readOperatorCode(code: FbTable): TfliteOperatorCode {
  const deprecated = code.int8(OPERATOR_CODE.deprecatedBuiltinCode);
  const extended = code.int32(OPERATOR_CODE.builtinCode);
  // Old writers only set the byte field; new ones set both, with the byte capped at the placeholder value.
  const builtin = Math.max(deprecated, extended);
  const custom = code.string(OPERATOR_CODE.customCode);
  return {
    builtin,
    custom: builtin === CUSTOM_OPERATOR ? custom ?? '' : undefined,
    version: code.int32(OPERATOR_CODE.version, 1),
  };
}

function readSubgraph(subgraph: FbTable, buffers: Uint8Array[], codes: TfliteOperatorCode[]): TfliteSubgraph {
  const tensors = subgraph.tables(SUBGRAPH.tensors).map((tensor, index): TfliteTensor => {
    if (tensor.has(TENSOR.sparsity)) {
      throw new SemsegError('INVALID_ARGUMENT', `Expected dense tensors for tensors[${index}] but received a sparse tensor`);
    }
    return {
      index,
      name: tensor.string(TENSOR.name) ?? `tensor_${index}`,
      shape: tensor.int32s(TENSOR.shape),
      type: tensor.int8(TENSOR.type),
      data: buffers[tensor.uint32(TENSOR.buffer)] ?? new Uint8Array(0),
      quantized: (tensor.table(TENSOR.quantization)?.float32s(QUANTIZATION.scale).length ?? 0) > 0,
    };
  });
  const operators = subgraph.tables(SUBGRAPH.operators).map((operator, index): TfliteOperator => {
    const codeIndex = operator.uint32(OPERATOR.opcodeIndex);
    const code = codes[codeIndex];
    if (!code) {
      throw new SemsegError('INVALID_ARGUMENT', `Expected an operator code index below ${codes.length} for operators[${index}].opcode_index but received ${codeIndex}`);
    }
    return {
      index,
      code,
      inputs: operator.int32s(OPERATOR.inputs),
      outputs: operator.int32s(OPERATOR.outputs),
      builtinOptions: operator.table(OPERATOR.builtinOptions),
      customOptions: operator.bytes(OPERATOR.customOptions),
    };
  });
  return {
    name: subgraph.string(SUBGRAPH.name) ?? '',
    tensors,
    inputs: subgraph.int32s(SUBGRAPH.inputs),
    outputs: subgraph.int32s(SUBGRAPH.outputs),
    operators,
  };
}
