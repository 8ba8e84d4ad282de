/**
 * DEQUANTIZE of a float16 constant (how TFLite stores half-precision weights) is folded at import time: its output
 * becomes a float32 constant and no ONNX node is emitted. Dequantizing int8/uint8 data is not supported.
 */
import { UnsupportedOperator, type OperatorConverter } from '../conversion-context.js';
import { TensorType } from '../model-reader.js';

const dequantize: OperatorConverter = (op, context) => {
  const input = context.input(op, 0);
  if (input.type !== TensorType.FLOAT16 || input.data.length === 0) {
    throw new UnsupportedOperator(`only float16 constants can be dequantized, "${input.name}" is not one`);
  }
  context.fold(context.output(op), context.requireConstant(input, 'input'));
};

export const dequantizeConverters: Record<string, OperatorConverter> = {
  DEQUANTIZE: dequantize,
};
