/**
 * One model run -> every class's scores at the size of the image that was fed (channel-planar, `channels x height
 * x width`), as MMSegmentation's encode_decode resizes logits to its input: postprocess/resize-scores with the
 * card's align_corners convention. When the model already answers at input size in NCHW without padding, its
 * output is used as it is.
 */
import type { RasterImage } from '../core/types.js';
import { SemsegError } from '../core/errors.js';
import type { SegmentationModel } from '../models/types.js';
import { planInput } from '../preprocess/plan.js';
import { imageToTensor } from '../preprocess/to-tensor.js';
import { resizeScores } from '../postprocess/resize-scores.js';

export interface ScoreGrid {
  /** Channel-planar scores, `channels x height x width`. */
  scores: Float32Array;
  channels: number;
  width: number;
  height: number;
}

/** Runs the model on one image (a window, or a whole augmented image) and returns its scores at the image's size. */
export async function runScores(model: SegmentationModel, image: RasterImage): Promise<ScoreGrid> {
  const { card } = model;
  const plan = planInput(image.width, image.height, card.input);
  const tensor = imageToTensor(image, plan, card.input);
  const outputs = await model.backend.run({ [card.input.name!]: tensor }, [card.output.name!]);
  const output = outputs[card.output.name!];
  if (!output) throw new SemsegError('INFERENCE_FAILED', `Expected output ${card.output.name} from the model but it returned ${Object.keys(outputs).join(', ')}`);
  const { width, height } = image;
  const [n, channels, h, w] = output.dims;
  const unpadded = plan.inputWidth === width && plan.inputHeight === height && plan.contentWidth === width && plan.contentHeight === height;
  if (unpadded && card.output.layout === 'NCHW' && output.dims.length === 4 && n === 1 && h === height && w === width && output.data instanceof Float32Array) {
    return { scores: output.data, channels, width, height };
  }
  const volume = resizeScores(output, plan, card.output);
  return { scores: volume.data, channels: volume.channels, width, height };
}
