/**
 * segment(): one image in, one label map out. Small images run whole in one forward pass; large ones (or when asked)
 * with sliding windows, and with test-time augmentation when asked (segment-rows.ts). When the model answers with
 * scores at the image's size, the argmax (and a flip TTA's averaging, and the mean entropy when asked) happens in the
 * worker that ran it; scores at a fraction of the image's size are resized and argmaxed there too, in one pass.
 */
import type { LabelMap, RasterImage } from '../core/types.js';
import { expected, SemsegError } from '../core/errors.js';
import type { SegmentationModel } from '../models/types.js';
import { MAX_CHANNELS, type InputSpec } from '../models/card-schema.js';
import { checkInputImage } from '../preprocess/input-check.js';
import { planInput, type InputPlan } from '../preprocess/plan.js';
import { imageToTensor } from '../preprocess/to-tensor.js';
import { scoresToLabels, type LabelOptions } from '../postprocess/scores-to-labels.js';
import { resolveInference, type Augmentation, type InferenceOptions } from './options.js';
import { imageSource } from './row-source.js';
import { segmentToLabelMap, type RowSegmentOptions } from './segment-rows.js';
import { guardedModel } from './call-options.js';

/** `signal` and `timeoutMs` (for the whole call) reach every model run; see call-options.ts. */
export type SegmentOptions = LabelOptions & InferenceOptions & Pick<RowSegmentOptions, 'onProgress' | 'signal' | 'timeoutMs'>;

function checkImage(image: RasterImage, spec: InputSpec): void {
  const { width, height, channels, data } = image;
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(height) || height < 1) {
    throw expected('positive integer width and height', 'image', { width, height });
  }
  if (!Number.isInteger(channels) || channels < 1 || channels > MAX_CHANNELS) throw expected(`1 to ${MAX_CHANNELS} channels`, 'image.channels', channels);
  if (data.length !== width * height * channels) {
    throw expected(`${width * height * channels} samples (width x height x channels)`, 'image.data', data);
  }
  checkInputImage(image, spec);
}

/**
 * Whether the model is expected to answer with NCHW class scores for exactly the image's pixels (no resize, no
 * padding: typical of dynamic-size models that upsample inside the graph), so the argmax can happen where it ran.
 */
function scoresAtImageSize(model: SegmentationModel, plan: InputPlan): boolean {
  const { output, classes } = model.card;
  const identity = plan.contentX === 0 && plan.contentY === 0 && plan.contentWidth === plan.imageWidth && plan.contentHeight === plan.imageHeight;
  const unpadded = plan.inputWidth === plan.contentWidth && plan.inputHeight === plan.contentHeight;
  return identity && unpadded && output.kind !== 'labels' && output.layout === 'NCHW' && classes.length > 1;
}

/** The augmentations are exactly the image and its mirror image at scale 1 (the common flip TTA). */
function isFlipAtScaleOne(augmentations: Augmentation[] | undefined): boolean {
  return augmentations?.length === 2 && augmentations.every((a) => a.scale === 1) && augmentations[0].flip !== augmentations[1].flip;
}

/** The label map of `image`, carrying the image's `meta` (source, georeference, frame) to the writers. */
export async function segment(model: SegmentationModel, image: RasterImage, options: SegmentOptions = {}): Promise<LabelMap> {
  checkImage(image, model.card.input);
  const map = await segmentImage(model, image, options);
  if (image.meta) map.meta = image.meta;
  return map;
}

async function segmentImage(given: SegmentationModel, image: RasterImage, options: SegmentOptions): Promise<LabelMap> {
  const inference = resolveInference(given.card, image.width, image.height, options);
  // One guard for the whole call: the row pipeline below gets the guarded model, not a second time budget.
  const model = guardedModel(given, options);
  const viaRows = () => segmentToLabelMap(model, imageSource(image), inference, { ...options, signal: undefined, timeoutMs: undefined });
  const flip = inference.mode === 'whole' && isFlipAtScaleOne(inference.augmentations);
  if (inference.mode === 'slide' || (inference.augmentations && !flip)) return viaRows();
  const { card } = model;
  const plan = planInput(image.width, image.height, card.input);
  const atImageSize = scoresAtImageSize(model, plan);
  // Scores at another size (or NHWC) are resized and argmaxed in the worker too, under this plan (`resize`).
  const argmaxInWorker = model.backend.runArgmax !== undefined && card.output.kind !== 'labels' && card.classes.length > 1;
  // Flip TTA in the worker needs the scores at image size; anything else takes the general row pipeline.
  if (flip && !(argmaxInWorker && atImageSize)) return viaRows();
  if (card.input.size.mode === 'fixed' && card.input.resize === 'none' && (image.width !== plan.inputWidth || image.height !== plan.inputHeight)) {
    throw expected(`a ${plan.inputWidth}x${plan.inputHeight} image (the model's fixed size, resize "none")`, 'image', `${image.width}x${image.height}`);
  }
  const tensor = imageToTensor(image, plan, card.input);
  const feeds = { [card.input.name!]: tensor };
  if (argmaxInWorker) {
    const reply = await model.backend.runArgmax!(feeds, {
      output: card.output.name!,
      classes: card.classes.length,
      height: image.height,
      width: image.width,
      confidence: options.confidence ?? true,
      softmax: card.output.kind === 'logits',
      entropy: options.entropy,
      flip: flip ? { input: card.input.name!, layout: card.input.layout } : undefined,
      resize: atImageSize ? undefined : { plan, spec: card.output },
    });
    // A backend that took the argmax but could not give the entropy asked for: the general path gives both.
    if (reply.kind === 'labels' && options.entropy && reply.meanEntropy === undefined) return viaRows();
    if (reply.kind === 'labels') {
      const map: LabelMap = { labels: reply.labels, width: image.width, height: image.height, classes: card.classes, confidence: reply.confidence };
      if (reply.meanEntropy !== undefined) map.meanEntropy = reply.meanEntropy;
      return map;
    }
    if (reply.kind === 'declined') return viaRows();
    return scoresToLabels(reply.scores, plan, card.output, card.classes, options);
  }
  const outputs = await model.backend.run(feeds, [card.output.name!]);
  const output = outputs[card.output.name!];
  if (!output) throw new SemsegError('INFERENCE_FAILED', `Expected output ${card.output.name} from the model but it returned ${Object.keys(outputs).join(', ')}`);
  return scoresToLabels(output, plan, card.output, card.classes, options);
}
