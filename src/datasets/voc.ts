/**
 * PASCAL VOC 2012 segmentation: ImageSets/Segmentation/<split>.txt lists ids; JPEGImages/<id>.jpg with
 * SegmentationClass/<id>.png, palette PNGs whose indices are the 21 class ids and 255 marks borders (ignored).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ClassInfo } from '../core/types.js';
import { assertDirectory, assertPairsExist, readSplitList } from './files.js';
import { makeDataset } from './make-dataset.js';
import { identityLookup } from './remap-labels.js';
import type { Dataset } from './types.js';
import { vocColor } from './voc-colormap.js';

const NAMES = [
  'background', 'aeroplane', 'bicycle', 'bird', 'boat', 'bottle', 'bus', 'car', 'cat', 'chair', 'cow',
  'diningtable', 'dog', 'horse', 'motorbike', 'person', 'pottedplant', 'sheep', 'sofa', 'train', 'tvmonitor',
];

export const VOC_CLASSES: ClassInfo[] = NAMES.map((name, id) => ({ id, name, color: vocColor(id) }));

export const VOC_IGNORE_INDEX = 255;

/** The VOC2012 folder itself, or a VOCdevkit folder that holds it. */
function resolveRoot(root: string): string {
  const nested = join(root, 'VOC2012');
  return !existsSync(join(root, 'JPEGImages')) && existsSync(join(nested, 'JPEGImages')) ? nested : root;
}

export async function openVoc(path: string, split = 'val'): Promise<Dataset> {
  await assertDirectory(path, 'an existing VOC2012 (or VOCdevkit) folder');
  const root = resolveRoot(path);
  const ids = await readSplitList(join(root, 'ImageSets', 'Segmentation'), split);
  const samples = ids.map((id) => ({
    id,
    imagePath: join(root, 'JPEGImages', `${id}.jpg`),
    labelPath: join(root, 'SegmentationClass', `${id}.png`),
  }));
  const name = `PASCAL VOC 2012 (${split})`;
  await assertPairsExist(samples, root, name);
  return makeDataset({
    kind: 'voc',
    name,
    root,
    split,
    classes: VOC_CLASSES,
    ignoreIndex: VOC_IGNORE_INDEX,
    samples,
    decoding: { encoding: 'ids', lookup: identityLookup(VOC_CLASSES.length, VOC_IGNORE_INDEX) },
  });
}
