/** File-system checks shared by the readers, each failing with DATASET_INVALID and the path at fault. */
import { access, readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { SemsegError } from '../core/errors.js';
import type { DatasetSample } from './types.js';

const MISSING_SHOWN = 5;

export function datasetError(what: string, parameter: string, received: string): SemsegError {
  return new SemsegError('DATASET_INVALID', `Expected ${what} for ${parameter} but received ${received}`);
}

export async function assertDirectory(path: string, what: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isDirectory()) throw datasetError(what, 'dataset', `"${path}" (${info ? 'not a folder' : 'missing'})`);
}

/** Names of the entries of a folder that pass `keep`, sorted; a missing folder is an error naming `what`. */
export async function listFolder(folder: string, what: string, keep: (name: string, isDirectory: boolean) => boolean): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => {
    throw datasetError(what, 'dataset', `"${folder}" (missing)`);
  });
  return entries.filter((e) => keep(e.name, e.isDirectory())).map((e) => e.name).sort();
}

/** Non-empty, trimmed lines of <folder>/<split>.txt; when it is missing, the error names the splits there are. */
export async function readSplitList(folder: string, split: string): Promise<string[]> {
  const path = join(folder, `${split}.txt`);
  const text = await readFile(path, 'utf8').catch(async () => {
    const lists = await readdir(folder).catch(() => []);
    const names = lists.filter((n) => n.endsWith('.txt')).map((n) => n.slice(0, -4)).sort();
    const hint = names.length > 0 ? `; available: ${names.join(', ')}` : '';
    throw datasetError(`a split list at "${path}"`, 'split', `"${split}" (no such file${hint})`);
  });
  return text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line.length > 0);
}

const exists = (path: string) => access(path).then(() => true, () => false);

/**
 * One error for pairs that lack a file: the first few (as "image -> label" lines relative to the dataset root, the
 * missing side marked), how many in all, and a `hint` appended to the list, e.g. to suggest another label kind.
 */
export function incompletePairsError(incomplete: string[], total: number, datasetName: string, hint = ''): SemsegError {
  const shown = incomplete.slice(0, MISSING_SHOWN).join(', ');
  const more = incomplete.length > MISSING_SHOWN ? `, and ${incomplete.length - MISSING_SHOWN} more` : '';
  const received = `${incomplete.length} of ${total} incomplete pairs: ${shown}${more}${hint}`;
  return datasetError('an image and a label for every sample', datasetName, received);
}

export function assertSomeSamples(count: number, root: string, datasetName: string): void {
  if (count === 0) throw datasetError('at least one image and label pair', datasetName, `none under "${root}"`);
}

/** A dataset needs at least one sample, and every sample both files (see incompletePairsError). */
export async function assertPairsExist(samples: DatasetSample[], root: string, datasetName: string, hint = ''): Promise<void> {
  assertSomeSamples(samples.length, root, datasetName);
  const incomplete: string[] = [];
  for (const sample of samples) {
    const [image, label] = await Promise.all([exists(sample.imagePath), exists(sample.labelPath)]);
    if (image && label) continue;
    const mark = (path: string, ok: boolean) => `${relative(root, path)}${ok ? '' : ' (missing)'}`;
    incomplete.push(`${mark(sample.imagePath, image)} -> ${mark(sample.labelPath, label)}`);
  }
  if (incomplete.length > 0) throw incompletePairsError(incomplete, samples.length, datasetName, hint);
}
