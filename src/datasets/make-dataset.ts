/** Assembles a Dataset from what a reader found: its samples, classes, and how raw label values become ids. */
import { SemsegError } from '../core/errors.js';
import { imageSize } from '../io/region-reader.js';
import { readLabelImage } from './read-label-image.js';
import { decodeLabels, type LabelDecoding } from './label-decoding.js';
import type { Dataset, DatasetSample, LabelData } from './types.js';

export type DatasetParts = Omit<Dataset, 'readLabels'> & { decoding: LabelDecoding };

/** Width and height of an image as decodeImage() will see it, from its header; a bad image is a dataset problem. */
async function orientedSize(path: string): Promise<{ width: number; height: number }> {
  try {
    return (await imageSize(path)).oriented;
  } catch (error) {
    throw new SemsegError('DATASET_INVALID', `Expected a decodable image for image file "${path}" but received ${(error as Error).message}`, { cause: error });
  }
}

export function makeDataset(parts: DatasetParts): Dataset {
  const { classes, ignoreIndex, decoding } = parts;
  return {
    kind: parts.kind,
    name: parts.name,
    root: parts.root,
    split: parts.split,
    classes,
    ignoreIndex,
    samples: parts.samples,
    async readLabels(sample: DatasetSample): Promise<LabelData> {
      const [raw, image] = await Promise.all([readLabelImage(sample.labelPath, decoding.encoding), orientedSize(sample.imagePath)]);
      if (raw.width !== image.width || raw.height !== image.height) {
        throw new SemsegError(
          'DATASET_INVALID',
          `Expected ${image.width}x${image.height} (the size of image "${sample.imagePath}") for ground-truth label file "${sample.labelPath}"` +
            ` but received ${raw.width}x${raw.height}`,
        );
      }
      return { labels: decodeLabels(raw, decoding, classes.length, ignoreIndex, sample.labelPath), width: raw.width, height: raw.height };
    },
  };
}
