/** The contract every dataset reader fulfils: a list of image/label pairs and a way to read labels as class ids. */
import type { ClassInfo } from '../core/types.js';

export const DATASET_KINDS = ['camvid', 'cityscapes', 'voc', 'ade20k', 'folder'] as const;
export type DatasetKind = (typeof DATASET_KINDS)[number];

export interface DatasetSample {
  /** Stable name of the pair inside the dataset (file stem or list entry), unique per dataset. */
  id: string;
  imagePath: string;
  labelPath: string;
}

/** Ground truth of one sample: class ids 0..C-1 per pixel, `ignoreIndex` where unlabelled, row-major. */
export interface LabelData {
  labels: Uint8Array | Uint16Array;
  width: number;
  height: number;
}

export interface Dataset {
  kind: DatasetKind;
  /** Human-readable name, e.g. "CamVid (test)". */
  name: string;
  root: string;
  /** Split the samples come from; undefined for kinds without splits (folder). */
  split?: string;
  classes: ClassInfo[];
  /** Label value that scores ignore; never a class id. */
  ignoreIndex: number;
  samples: DatasetSample[];
  /**
   * Reads a sample's labels, remapped to 0..C-1 and `ignoreIndex`. Rejects with DATASET_INVALID when the label's size
   * differs from its image's, or when it holds values that are neither a class nor void.
   */
  readLabels(sample: DatasetSample): Promise<LabelData>;
}
