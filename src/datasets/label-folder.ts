/**
 * Ground truth given as a bare folder of label PNGs, without images: for scoring predictions made elsewhere
 * (`semseg eval --pred <dir> --gt <dir>`). Classes come from a class table or a model card; labels hold ids or,
 * with label encoding "colors", the table's colours (0/255 binary masks: a table with [0,0,0] and [255,255,255]).
 */
import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { SemsegError } from '../core/errors.js';
import type { ClassTable } from './class-table.js';
import { datasetError } from './files.js';
import { decodeLabels, tableDecoding } from './label-decoding.js';
import { readLabelImage, type LabelEncoding } from './read-label-image.js';
import type { Dataset } from './types.js';

export interface LabelFolderOptions {
  /** Label value of unlabelled pixels; default the table's, else 255. Must not be a class id. */
  ignoreIndex?: number;
  /** How labels encode classes (default "ids"). */
  labelEncoding?: LabelEncoding;
  /** Where the table came from, for error messages. */
  tablePath?: string;
}

export async function openLabelFolder(dir: string, table: ClassTable, options: LabelFolderOptions = {}): Promise<Dataset> {
  const files = await readdir(dir).catch((error: Error) => {
    throw new SemsegError('DATASET_INVALID', `Expected a readable folder of label PNGs for --gt but received "${dir}" (${error.message})`);
  });
  const labels = files.filter((f) => extname(f).toLowerCase() === '.png').sort();
  if (labels.length === 0) throw new SemsegError('DATASET_INVALID', `Expected label PNGs in folder "${dir}" for --gt but found none`);
  const { classes } = table;
  const ignoreIndex = options.ignoreIndex ?? table.ignoreIndex ?? 255;
  if (ignoreIndex < classes.length) throw datasetError(`an ignore index outside the class ids 0..${classes.length - 1}`, 'ignoreIndex', String(ignoreIndex));
  const encoding = options.labelEncoding ?? 'ids';
  const decoding = tableDecoding(table, ignoreIndex, encoding, options.tablePath ?? 'the class table');
  return {
    kind: 'folder',
    name: `labels in ${dir}`,
    root: dir,
    classes,
    ignoreIndex,
    samples: labels.map((f) => ({ id: f.slice(0, -4), imagePath: join(dir, f), labelPath: join(dir, f) })),
    async readLabels(sample) {
      const raw = await readLabelImage(sample.labelPath, encoding);
      return { labels: decodeLabels(raw, decoding, classes.length, ignoreIndex, sample.labelPath), width: raw.width, height: raw.height };
    },
  };
}
