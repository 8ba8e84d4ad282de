/**
 * CamVid as distributed with the SegNet tutorial: `<split>.txt` lists "image label" pairs relative to the root;
 * labels are grey PNGs with ids 0..10 and 11 = void, which stays the ignore index.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, parse } from 'node:path';
import type { ClassInfo } from '../core/types.js';
import { assertDirectory, assertPairsExist, datasetError, readSplitList } from './files.js';
import { makeDataset } from './make-dataset.js';
import { identityLookup } from './remap-labels.js';
import type { Dataset } from './types.js';

/** SegNet class order and palette. */
export const CAMVID_CLASSES: ClassInfo[] = [
  { id: 0, name: 'sky', color: [128, 128, 128] },
  { id: 1, name: 'building', color: [128, 0, 0] },
  { id: 2, name: 'pole', color: [192, 192, 128] },
  { id: 3, name: 'road', color: [128, 64, 128] },
  { id: 4, name: 'sidewalk', color: [60, 40, 222] },
  { id: 5, name: 'tree', color: [128, 128, 0] },
  { id: 6, name: 'sign', color: [192, 128, 128] },
  { id: 7, name: 'fence', color: [64, 64, 128] },
  { id: 8, name: 'car', color: [64, 0, 128] },
  { id: 9, name: 'pedestrian', color: [64, 64, 0] },
  { id: 10, name: 'bicyclist', color: [0, 128, 192] },
];

export const CAMVID_IGNORE_INDEX = 11;

/**
 * List entries are relative to the root. The original SegNet lists hold absolute paths such as
 * /SegNet/CamVid/test/x.png; when such a path does not exist, its last two parts are taken relative to the root.
 */
function resolveEntry(root: string, entry: string): string {
  if (!isAbsolute(entry)) return join(root, entry);
  return existsSync(entry) ? entry : join(root, ...entry.split(/[\\/]/).slice(-2));
}

export async function openCamvid(root: string, split = 'test'): Promise<Dataset> {
  await assertDirectory(root, 'an existing CamVid folder');
  const lines = await readSplitList(root, split);
  const samples = lines.map((line, index) => {
    const parts = line.split(/\s+/);
    if (parts.length !== 2) throw datasetError('"image label" on every line', `line ${index + 1} of "${join(root, `${split}.txt`)}"`, JSON.stringify(line));
    const imagePath = resolveEntry(root, parts[0]);
    return { id: parse(imagePath).name, imagePath, labelPath: resolveEntry(root, parts[1]) };
  });
  const name = `CamVid (${split})`;
  await assertPairsExist(samples, root, name);
  return makeDataset({
    kind: 'camvid',
    name,
    root,
    split,
    classes: CAMVID_CLASSES,
    ignoreIndex: CAMVID_IGNORE_INDEX,
    samples,
    decoding: { encoding: 'ids', lookup: identityLookup(CAMVID_CLASSES.length, CAMVID_IGNORE_INDEX) },
  });
}
