/**
 * Predictions made elsewhere, one label PNG of class ids per sample: `<dir>/<id>.labels.png` (semseg predict's name)
 * or `<dir>/<id>.png`, else `<dir>/<image stem>.labels.png` (what semseg predict wrote for an image whose stem is not
 * the sample id, e.g. CWFID's 001_image.png of sample 001). The folder is listed once, so samples without a prediction, files that match no sample and
 * samples with two candidate files are each summed up in one line instead of one line per sample (or silence).
 */
import { readdir } from 'node:fs/promises';
import { join, parse } from 'node:path';
import { SemsegError } from '../core/errors.js';
import type { DatasetSample } from '../datasets/index.js';
import { listSome, oneLine } from '../datasets/list-some.js';

export interface PredictionIndex {
  /** Sample id -> prediction file. */
  paths: Map<string, string>;
  /** Samples without a prediction, in sample order. */
  missing: DatasetSample[];
  warnings: string[];
}

const LABELS = '.labels.png';
/** semseg predict's other outputs next to `<id>.labels.png`: not predictions. */
const SIDE_OUTPUTS = ['.color.png', '.confidence.png'];

export async function indexPredictions(dir: string, samples: readonly DatasetSample[]): Promise<PredictionIndex> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: Error) => {
    throw new SemsegError('INVALID_ARGUMENT', `Expected a readable folder of prediction PNGs for --pred but received "${dir}" (${oneLine(error.message)})`);
  });
  const files = new Set(entries.filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.png')).map((e) => e.name));
  const paths = new Map<string, string>();
  const missing: DatasetSample[] = [];
  const duplicates: string[] = [];
  const used = new Set<string>();
  for (const sample of samples) {
    let found = [`${sample.id}${LABELS}`, `${sample.id}.png`].filter((name) => files.has(name));
    const imageStem = sample.imagePath ? parse(sample.imagePath).name : sample.id;
    if (found.length === 0 && imageStem !== sample.id && files.has(`${imageStem}${LABELS}`)) found = [`${imageStem}${LABELS}`];
    if (found.length === 0) missing.push(sample);
    else paths.set(sample.id, join(dir, found[0]));
    if (found.length > 1) duplicates.push(`${found[0]} (not ${found[1]})`);
    found.forEach((name) => used.add(name));
  }
  const sideOutput = (name: string) => SIDE_OUTPUTS.some((s) => name.endsWith(s) && files.has(`${name.slice(0, -s.length)}${LABELS}`));
  const extra = [...files].filter((name) => !used.has(name) && !sideOutput(name)).sort();
  const warnings: string[] = [];
  if (missing.length > 0) {
    const ids = missing.map((s) => s.id);
    warnings.push(`${missing.length} of ${samples.length} samples have no prediction in "${dir}" (<id>${LABELS} or <id>.png); first: ${listSome(ids, 5)}`);
  }
  if (extra.length > 0) warnings.push(`${extra.length} prediction file(s) in "${dir}" match no ground-truth sample and were not scored: ${listSome(extra, 5)}`);
  if (duplicates.length > 0) warnings.push(`${duplicates.length} sample(s) have two prediction files; the first of each was scored: ${listSome(duplicates, 5)}`);
  return { paths, missing, warnings };
}

export function missingPredictionError(dir: string, sample: DatasetSample): SemsegError {
  return new SemsegError('DATASET_INVALID', `Expected a prediction for sample "${sample.id}" at ${join(dir, sample.id + LABELS)} or ${join(dir, `${sample.id}.png`)} but found none`);
}
