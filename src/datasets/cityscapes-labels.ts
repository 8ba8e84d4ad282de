/**
 * The Cityscapes label table (cityscapesScripts, helpers/labels.py): every labelId with its name and trainId.
 * The 19 evaluated classes are the trainIds 0..18; every other labelId maps to 255 (ignored).
 */
import type { ClassInfo, Rgb } from '../core/types.js';

export const CITYSCAPES_IGNORE_INDEX = 255;

interface CityscapesLabel {
  name: string;
  /** Value in *_gtFine_labelIds.png; the position in the table below. */
  labelId: number;
  trainId: number;
  color: Rgb;
}

const VOID = CITYSCAPES_IGNORE_INDEX;

// [name, trainId, colour], in labelId order 0..33.
const TABLE: [string, number, Rgb][] = [
  ['unlabeled', VOID, [0, 0, 0]],
  ['ego vehicle', VOID, [0, 0, 0]],
  ['rectification border', VOID, [0, 0, 0]],
  ['out of roi', VOID, [0, 0, 0]],
  ['static', VOID, [0, 0, 0]],
  ['dynamic', VOID, [111, 74, 0]],
  ['ground', VOID, [81, 0, 81]],
  ['road', 0, [128, 64, 128]],
  ['sidewalk', 1, [244, 35, 232]],
  ['parking', VOID, [250, 170, 160]],
  ['rail track', VOID, [230, 150, 140]],
  ['building', 2, [70, 70, 70]],
  ['wall', 3, [102, 102, 156]],
  ['fence', 4, [190, 153, 153]],
  ['guard rail', VOID, [180, 165, 180]],
  ['bridge', VOID, [150, 100, 100]],
  ['tunnel', VOID, [150, 120, 90]],
  ['pole', 5, [153, 153, 153]],
  ['polegroup', VOID, [153, 153, 153]],
  ['traffic light', 6, [250, 170, 30]],
  ['traffic sign', 7, [220, 220, 0]],
  ['vegetation', 8, [107, 142, 35]],
  ['terrain', 9, [152, 251, 152]],
  ['sky', 10, [70, 130, 180]],
  ['person', 11, [220, 20, 60]],
  ['rider', 12, [255, 0, 0]],
  ['car', 13, [0, 0, 142]],
  ['truck', 14, [0, 0, 70]],
  ['bus', 15, [0, 60, 100]],
  ['caravan', VOID, [0, 0, 90]],
  ['trailer', VOID, [0, 0, 110]],
  ['train', 16, [0, 80, 100]],
  ['motorcycle', 17, [0, 0, 230]],
  ['bicycle', 18, [119, 11, 32]],
];

export const CITYSCAPES_LABELS: CityscapesLabel[] = TABLE.map(([name, trainId, color], labelId) => ({ name, labelId, trainId, color }));

/** The 19 evaluated classes, by trainId. */
export const CITYSCAPES_CLASSES: ClassInfo[] = CITYSCAPES_LABELS.filter((l) => l.trainId !== VOID).map((l) => ({
  id: l.trainId,
  name: l.name,
  color: l.color,
}));
