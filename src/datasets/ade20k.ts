/**
 * ADE20K SceneParsing (ADEChallengeData2016): images/<training|validation>/<name>.jpg with
 * annotations/<same split>/<name>.png. Labels use MMSegmentation's reduce_zero_label: value 0 (unlabelled) becomes
 * the ignore index 255 and value k the class id k - 1.
 */
import { join, parse } from 'node:path';
import { ADE20K_CLASSES } from './ade20k-classes.js';
import { assertDirectory, assertPairsExist, datasetError, listFolder } from './files.js';
import { makeDataset } from './make-dataset.js';
import { buildIdLookup } from './remap-labels.js';
import type { Dataset } from './types.js';

export const ADE20K_IGNORE_INDEX = 255;

const SPLITS: Record<string, string> = { training: 'training', train: 'training', validation: 'validation', val: 'validation' };

function reduceZeroLabel() {
  return buildIdLookup(
    (value) => (value === 0 ? ADE20K_IGNORE_INDEX : value <= ADE20K_CLASSES.length ? value - 1 : undefined),
    `ADE20K annotation values 0 (unlabelled) or 1..${ADE20K_CLASSES.length}`,
  );
}

export async function openAde20k(root: string, split = 'validation'): Promise<Dataset> {
  await assertDirectory(root, 'an existing ADEChallengeData2016 folder');
  const folder = SPLITS[split];
  if (!folder) throw datasetError('training, validation (or train, val)', 'split', `"${split}"`);
  const imageFolder = join(root, 'images', folder);
  const images = await listFolder(imageFolder, `a split folder images/${folder}`, (n, dir) => !dir && /\.jpe?g$/i.test(n));
  const samples = images.map((image) => {
    const id = parse(image).name;
    return { id, imagePath: join(imageFolder, image), labelPath: join(root, 'annotations', folder, `${id}.png`) };
  });
  const name = `ADE20K (${folder})`;
  await assertPairsExist(samples, root, name);
  return makeDataset({
    kind: 'ade20k',
    name,
    root,
    split: folder,
    classes: ADE20K_CLASSES,
    ignoreIndex: ADE20K_IGNORE_INDEX,
    samples,
    decoding: { encoding: 'ids', lookup: reduceZeroLabel() },
  });
}
