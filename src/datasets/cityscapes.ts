/**
 * Cityscapes fine annotations: leftImg8bit/<split>/<city>/<frame>_leftImg8bit.png with
 * gtFine/<split>/<city>/<frame>_gtFine_labelIds.png, labelIds mapped to the 19 trainIds (255 = ignore). The
 * *_gtFine_labelTrainIds.png files that cityscapesScripts can generate are read instead on request.
 */
import { join } from 'node:path';
import { assertDirectory, assertPairsExist, listFolder } from './files.js';
import { CITYSCAPES_CLASSES, CITYSCAPES_IGNORE_INDEX, CITYSCAPES_LABELS } from './cityscapes-labels.js';
import { makeDataset } from './make-dataset.js';
import { buildIdLookup, identityLookup, type IdLookup } from './remap-labels.js';
import type { Dataset } from './types.js';

/** Which gtFine files hold the labels: the original labelIds, or trainIds made by createTrainIdLabelImgs. */
export type CityscapesLabelFiles = 'labelIds' | 'labelTrainIds';

const IMAGE_SUFFIX = '_leftImg8bit.png';

function labelIdLookup(): IdLookup {
  const last = CITYSCAPES_LABELS.length - 1;
  return buildIdLookup((value) => CITYSCAPES_LABELS[value]?.trainId, `Cityscapes labelIds 0..${last}`);
}

export async function openCityscapes(root: string, split = 'val', labelFiles: CityscapesLabelFiles = 'labelIds'): Promise<Dataset> {
  await assertDirectory(root, 'an existing Cityscapes folder (with leftImg8bit/ and gtFine/)');
  const imageRoot = join(root, 'leftImg8bit', split);
  const cities = await listFolder(imageRoot, `a split folder leftImg8bit/${split}`, (_, dir) => dir);
  const samples = [];
  for (const city of cities) {
    const images = await listFolder(join(imageRoot, city), 'a city folder', (n, dir) => !dir && n.endsWith(IMAGE_SUFFIX));
    for (const image of images) {
      const frame = image.slice(0, -IMAGE_SUFFIX.length);
      samples.push({
        id: frame,
        imagePath: join(imageRoot, city, image),
        labelPath: join(root, 'gtFine', split, city, `${frame}_gtFine_${labelFiles}.png`),
      });
    }
  }
  const name = `Cityscapes (${split})`;
  const other: CityscapesLabelFiles = labelFiles === 'labelIds' ? 'labelTrainIds' : 'labelIds';
  await assertPairsExist(samples, root, name, `; if the *_gtFine_${other}.png files are there, choose label files "${other}"`);
  return makeDataset({
    kind: 'cityscapes',
    name,
    root,
    split,
    classes: CITYSCAPES_CLASSES,
    ignoreIndex: CITYSCAPES_IGNORE_INDEX,
    samples,
    decoding: {
      encoding: 'ids',
      lookup: labelFiles === 'labelIds' ? labelIdLookup() : identityLookup(CITYSCAPES_CLASSES.length, CITYSCAPES_IGNORE_INDEX),
    },
  });
}
