/**
 * Ground truth given as a bare folder of label PNGs (class ids), without images: for scoring predictions made
 * elsewhere (`semseg eval --pred <dir> --gt <dir>`). Classes come from a class table or a model card.
 */
import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { ClassInfo } from '../core/types.js';
import { SemsegError } from '../core/errors.js';
import { readLabelImage } from './read-label-image.js';
import type { Dataset } from './types.js';

export async function openLabelFolder(dir: string, classes: ClassInfo[], ignoreIndex: number): Promise<Dataset> {
  const files = await readdir(dir).catch((error: Error) => {
    throw new SemsegError('DATASET_INVALID', `Expected a readable folder of label PNGs for --gt but received "${dir}" (${error.message})`);
  });
  const labels = files.filter((f) => extname(f).toLowerCase() === '.png').sort();
  if (labels.length === 0) throw new SemsegError('DATASET_INVALID', `Expected label PNGs in folder "${dir}" for --gt but found none`);
  return {
    kind: 'folder',
    name: `labels in ${dir}`,
    root: dir,
    classes,
    ignoreIndex,
    samples: labels.map((f) => ({ id: f.slice(0, -4), imagePath: join(dir, f), labelPath: join(dir, f) })),
    async readLabels(sample) {
      const raw = await readLabelImage(sample.labelPath, 'ids');
      if (raw.channels !== 1) throw new SemsegError('DATASET_INVALID', `Expected a single-channel label PNG for "${sample.labelPath}" but received ${raw.channels} channels`);
      return { labels: raw.data, width: raw.width, height: raw.height };
    },
  };
}
