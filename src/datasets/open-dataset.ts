/**
 * `--dataset <kind>:<path>` -> a Dataset. Options are validated here, once: an option that the kind does not use is
 * an error rather than silently ignored.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { expected } from '../core/errors.js';
import { openAde20k } from './ade20k.js';
import { openCamvid } from './camvid.js';
import { openCityscapes } from './cityscapes.js';
import { openFolder } from './folder.js';
import { DATASET_KINDS, type Dataset, type DatasetKind } from './types.js';
import { openVoc } from './voc.js';

const optionsSchema = z
  .object({
    /** Split to read; defaults: camvid test, cityscapes val, voc val, ade20k validation. Not for folder. */
    split: z.string().min(1).optional(),
    /** cityscapes: read *_gtFine_labelIds.png (default, mapped to trainIds) or *_gtFine_labelTrainIds.png. */
    cityscapesLabels: z.enum(['labelIds', 'labelTrainIds']).optional(),
    /** folder: image and label folders relative to the root, or two globs "{images/*.jpg,labels/*.png}". */
    images: z.string().min(1).optional(),
    labels: z.string().min(1).optional(),
    pattern: z.string().min(1).optional(),
    /** folder: class table JSON (default <root>/classes.json). */
    classes: z.string().min(1).optional(),
    /** folder: label value of unlabelled pixels. */
    ignoreIndex: z.number().int().min(0).max(65535).optional(),
    /** folder: labels hold ids (grey or palette PNG) or the class table's colours. */
    labelEncoding: z.enum(['ids', 'colors']).optional(),
  })
  .strict();

export type OpenDatasetOptions = z.input<typeof optionsSchema>;

/** The options each kind reads; the others are an error here and a warning in `semseg eval`. */
export const DATASET_OPTIONS_OF: Readonly<Record<DatasetKind, readonly (keyof OpenDatasetOptions)[]>> = {
  camvid: ['split'],
  cityscapes: ['split', 'cityscapesLabels'],
  voc: ['split'],
  ade20k: ['split'],
  folder: ['images', 'labels', 'pattern', 'classes', 'ignoreIndex', 'labelEncoding'],
};

/** "<kind>:<path>" -> kind and path; the kind must be one of DATASET_KINDS. */
export function parseDatasetSpec(spec: string): { kind: DatasetKind; path: string } {
  const colon = spec.indexOf(':');
  const kind = spec.slice(0, colon) as DatasetKind;
  const path = spec.slice(colon + 1);
  if (colon < 0 || !DATASET_KINDS.includes(kind) || path.length === 0) {
    throw expected(`<kind>:<path> with kind one of ${DATASET_KINDS.join(', ')}`, 'dataset', spec);
  }
  return { kind, path };
}

export async function openDataset(spec: string, options: OpenDatasetOptions = {}): Promise<Dataset> {
  const { kind, path } = parseDatasetSpec(spec);
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue.code === 'unrecognized_keys') {
      throw expected(`options among ${Object.keys(optionsSchema.shape).join(', ')}`, 'dataset', issue.keys.join(', '));
    }
    const key = String(issue.path[0]);
    throw expected(`a valid value (${issue.message})`, `dataset option ${key}`, options[key as keyof OpenDatasetOptions]);
  }
  const o = parsed.data;
  const unused = (Object.keys(o) as (keyof OpenDatasetOptions)[]).filter((key) => o[key] !== undefined && !DATASET_OPTIONS_OF[kind].includes(key));
  if (unused.length > 0) {
    throw expected(`only ${DATASET_OPTIONS_OF[kind].join(', ')} for a ${kind} dataset`, 'dataset options', unused.join(', '));
  }
  const root = resolve(path);
  switch (kind) {
    case 'camvid':
      return openCamvid(root, o.split);
    case 'cityscapes':
      return openCityscapes(root, o.split, o.cityscapesLabels);
    case 'voc':
      return openVoc(root, o.split);
    case 'ade20k':
      return openAde20k(root, o.split);
    case 'folder':
      return openFolder(root, o);
  }
}
