/**
 * Ground truth for one image: a label PNG (pixel value = class id) -> per-class IoU with the same metrics code as
 * `semseg eval` (createConfusionMatrix, then scoreWithProfile with the mmseg profile, its default).
 */
import { classCounts, createConfusionMatrix, profiles, scoreWithProfile, type LabelMap } from '../core-entry.js';
import { decodePixels } from './image-input.js';

export interface ImageScores {
  mIoU: number;
  aAcc: number;
  /** NaN where the class is in neither map. */
  iou: number[];
}

export async function readTruth(blob: Blob, width: number, height: number): Promise<Uint8Array> {
  const pixels = await decodePixels(blob);
  if (pixels.width !== width || pixels.height !== height) {
    throw new Error(`Expected a ground-truth mask of ${width}x${height} pixels but received ${pixels.width}x${pixels.height}`);
  }
  const truth = new Uint8Array(width * height);
  for (let i = 0; i < truth.length; i++) truth[i] = pixels.data[i * 4];
  return truth;
}

export function scoreImage(truth: Uint8Array, map: LabelMap, ignoreIndex: number | null): ImageScores {
  const matrix = createConfusionMatrix({ numClasses: map.classes.length, ignoreIndex });
  matrix.update({ labels: truth, width: map.width, height: map.height }, map);
  const report = scoreWithProfile(profiles.mmseg, [classCounts(matrix)]);
  return { mIoU: report.summary.mIoU ?? NaN, aAcc: report.summary.aAcc ?? NaN, iou: report.perClass.IoU ?? [] };
}
