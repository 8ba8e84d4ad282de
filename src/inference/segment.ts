/**
 * segment(): one image in, one label map out. Small images run whole in one forward pass; large ones (or when asked)
 * with sliding windows, and with test-time augmentation when asked (segment-rows.ts).
 */
import type { LabelMap, RasterImage } from '../core/types.js';
import { expected, SemsegError } from '../core/errors.js';
import type { SegmentationModel } from '../models/types.js';
import { planInput } from '../preprocess/plan.js';
import { imageToTensor } from '../preprocess/to-tensor.js';
import { scoresToLabels, type LabelOptions } from '../postprocess/scores-to-labels.js';
import { resolveInference, type InferenceOptions } from './options.js';
import { imageSource } from './row-source.js';
import { segmentToLabelMap, type RowSegmentOptions } from './segment-rows.js';

export type SegmentOptions = LabelOptions & InferenceOptions & Pick<RowSegmentOptions, 'onProgress'>;

function checkImage(image: RasterImage): void {
  const { width, height, channels, data } = image;
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(height) || height < 1) {
    throw expected('positive integer width and height', 'image', { width, height });
  }
  if (!Number.isInteger(channels) || channels < 1 || channels > 4) throw expected('1 to 4 channels', 'image.channels', channels);
  if (data.length !== width * height * channels) {
    throw expected(`${width * height * channels} samples (width x height x channels)`, 'image.data', data);
  }
}

export async function segment(model: SegmentationModel, image: RasterImage, options: SegmentOptions = {}): Promise<LabelMap> {
  checkImage(image);
  const inference = resolveInference(model.card, image.width, image.height, options);
  if (inference.mode === 'slide' || inference.augmentations) return segmentToLabelMap(model, imageSource(image), inference, options);
  const { card } = model;
  const plan = planInput(image.width, image.height, card.input);
  if (card.input.size.mode === 'fixed' && card.input.resize === 'none' && (image.width !== plan.inputWidth || image.height !== plan.inputHeight)) {
    throw expected(`a ${plan.inputWidth}x${plan.inputHeight} image (the model's fixed size, resize "none")`, 'image', `${image.width}x${image.height}`);
  }
  const tensor = imageToTensor(image, plan, card.input);
  const outputs = await model.backend.run({ [card.input.name!]: tensor }, [card.output.name!]);
  const output = outputs[card.output.name!];
  if (!output) throw new SemsegError('INFERENCE_FAILED', `Expected output ${card.output.name} from the model but it returned ${Object.keys(outputs).join(', ')}`);
  return scoresToLabels(output, plan, card.output, card.classes, options);
}
