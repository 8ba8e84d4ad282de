/**
 * quantizeModel(): a float ONNX model + its card -> the int8 (QDQ, calibrated) or fp16-storage model and the
 * record its card keeps of how it was made.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { SemsegError } from '../core/errors.js';
import type { ModelCard, QuantizationRecord } from '../models/card-schema.js';
import { readOnnxModel } from '../models/onnx/reader.js';
import { writeOnnxModel } from '../models/onnx/writer.js';
import { calibrate } from './calibrate.js';
import { toFp16Storage } from './fp16.js';
import { splitHardSwish } from './hardswish.js';
import { planQuantization } from './plan.js';
import { insertQdq } from './qdq.js';
import type { CalibrationMethod } from './ranges.js';

export interface QuantizeOptions {
  precision: 'int8' | 'fp16';
  method: CalibrationMethod;
  percentile: number;
  perChannel: boolean;
  /** Calibration images (int8 only). */
  images: readonly string[];
  /** Label of the source model for the record (its name or path). */
  sourceLabel: string;
  toolVersion: string;
  onImage?: () => void;
}

export interface QuantizeResult {
  onnx: Uint8Array;
  record: QuantizationRecord;
  /** What changed, in words, for the command's summary. */
  summary: string;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function calibrationRecord(images: readonly string[]): Promise<NonNullable<QuantizationRecord['calibration']>> {
  const hashes = await Promise.all(images.map(async (path) => sha256(await readFile(path))));
  return { count: images.length, sha256: createHash('sha256').update([...hashes].sort().join('\n')).digest('hex'), images: images.map((p) => basename(p)) };
}

export async function quantizeModel(source: Uint8Array, card: ModelCard, options: QuantizeOptions): Promise<QuantizeResult> {
  if (card.input.dtype !== 'float32') throw new SemsegError('MODEL_MISMATCH', `Expected a model with a float32 input to quantize but ${options.sourceLabel} takes ${card.input.dtype}`);
  const model = readOnnxModel(source, options.sourceLabel);
  if (model.graph.nodes.some((n) => n.opType === 'QuantizeLinear' || n.opType === 'DequantizeLinear' || n.opType.startsWith('QLinear'))) {
    throw new SemsegError('MODEL_MISMATCH', `Expected a float model to quantize but ${options.sourceLabel} is already quantized (it has QuantizeLinear / DequantizeLinear / QLinear nodes)`);
  }
  const opset = model.opsets.find((o) => (o.domain ?? '') === '' || o.domain === 'ai.onnx')?.version ?? 0;
  const base = { precision: options.precision, source: { model: options.sourceLabel, sha256: sha256(source) }, date: new Date().toISOString(), tool: `semseg ${options.toolVersion}` };
  if (options.precision === 'fp16') {
    const { model: half, converted } = toFp16Storage(model);
    return { onnx: writeOnnxModel(half), record: { ...base, format: 'float16 initializers behind Cast(to=float); float32 compute' }, summary: `${converted} float32 weights stored as float16` };
  }
  const needed = options.perChannel ? 13 : 10;
  if (opset < needed) throw new SemsegError('UNSUPPORTED_OPERATOR', `Expected ONNX opset ${needed} or later for ${options.perChannel ? 'per-channel ' : ''}QuantizeLinear/DequantizeLinear but ${options.sourceLabel} uses opset ${opset}`);
  if (options.images.length === 0) throw new SemsegError('INVALID_ARGUMENT', 'Expected at least one calibration image for --calibration but received none');
  const split = splitHardSwish(model);
  const plan = planQuantization(split);
  const ranges = await calibrate(split, card, plan.activations, options.images, { method: options.method, percentile: options.percentile, onImage: options.onImage });
  const quantized = insertQdq(split, plan, ranges, { perChannel: options.perChannel });
  return {
    onnx: writeOnnxModel(quantized),
    record: {
      ...base,
      format: 'QDQ: int8 symmetric weights, uint8 asymmetric activations, int32 biases',
      method: options.method,
      ...(options.method === 'percentile' ? { percentile: options.percentile } : {}),
      perChannel: options.perChannel,
      calibration: await calibrationRecord(options.images),
    },
    summary: `${plan.weightNodes.length} weighted nodes quantized, ${plan.activations.length} activations calibrated on ${options.images.length} images`,
  };
}
