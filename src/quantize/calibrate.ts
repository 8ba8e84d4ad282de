/**
 * Calibration: the planned activations become extra graph outputs, the model runs on the calibration images
 * (decoded and preprocessed exactly as predict does for this card) and each tensor's values feed a RangeCollector.
 */
import type { RuntimeTensor } from '../core/types.js';
import { decodeImage, decodeOptionsFor } from '../io/decode.js';
import type { ModelCard } from '../models/card-schema.js';
import type { ProtoModel, ProtoValueInfo } from '../models/onnx/proto-types.js';
import { TensorType } from '../models/onnx/proto-types.js';
import { writeOnnxModel } from '../models/onnx/writer.js';
import { bytesField, encodeFields, stringField, varintField } from '../models/onnx/wire.js';
import { planInput } from '../preprocess/plan.js';
import { imageToTensor } from '../preprocess/to-tensor.js';
import { openDirectSession } from '../runtime/direct-session.js';
import { RangeCollector, type CalibrationMethod, type TensorRange } from './ranges.js';

export interface CalibrationOptions {
  method: CalibrationMethod;
  percentile: number;
  /** Called after each image. */
  onImage?: () => void;
}

/** A float32 graph output of unknown shape (onnxruntime fills the shape in). */
function floatOutput(name: string): ProtoValueInfo {
  const tensorType = encodeFields([varintField(1, TensorType.FLOAT)]);
  const type = encodeFields([bytesField(1, tensorType)]);
  return { name, encoded: encodeFields([stringField(1, name), bytesField(2, type)]) };
}

/** The model with every tensor in `names` (that is not a graph input) as an output. */
export function withExtraOutputs(model: ProtoModel, names: readonly string[]): ProtoModel {
  const present = new Set([...model.graph.outputs.map((o) => o.name), ...model.graph.inputs.map((i) => i.name)]);
  const extra = names.filter((n) => !present.has(n)).map(floatOutput);
  return { ...model, graph: { ...model.graph, outputs: [...model.graph.outputs, ...extra] } };
}

export async function preprocessForCard(path: string, card: ModelCard): Promise<RuntimeTensor> {
  const image = await decodeImage(path, decodeOptionsFor(card));
  return imageToTensor(image, planInput(image.width, image.height, card.input), card.input);
}

export async function calibrate(model: ProtoModel, card: ModelCard, tensors: readonly string[], images: readonly string[], options: CalibrationOptions): Promise<Map<string, TensorRange>> {
  const inputName = card.input.name ?? model.graph.inputs[0].name;
  const session = await openDirectSession(writeOnnxModel(withExtraOutputs(model, tensors)));
  const collectors = new Map(tensors.map((name) => [name, new RangeCollector(options.method)]));
  const fetched = tensors.filter((name) => name !== inputName);
  try {
    for (const path of images) {
      const input = await preprocessForCard(path, card);
      const outputs = await session.run({ [inputName]: input }, fetched);
      for (const [name, collector] of collectors) {
        const tensor = name === inputName ? input : outputs[name];
        collector.add(tensor.data as Float32Array);
      }
      options.onImage?.();
    }
  } finally {
    await session.dispose();
  }
  return new Map([...collectors].map(([name, collector]) => [name, collector.range(options.percentile)]));
}
