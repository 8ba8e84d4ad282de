/**
 * Any folder of images and labels paired by file stem: <root>/images/* with <root>/labels/*.png by default, or two
 * globs relative to the root ("{images/*.jpg,labels/*.png}"; files pair by what the wildcards matched, samples keep the image stem). Classes come from a class table JSON (default
 * <root>/classes.json); labels hold ids (grey or palette PNG) or, with label encoding "colors", the table's colours.
 */
import { join, parse, relative, resolve } from 'node:path';
import { glob } from 'tinyglobby';
import { expected } from '../core/errors.js';
import { readClassTable } from './class-table.js';
import { assertDirectory, assertSomeSamples, datasetError, incompletePairsError, listFolder } from './files.js';
import { tableDecoding } from './label-decoding.js';
import { makeDataset } from './make-dataset.js';
import type { LabelEncoding } from './read-label-image.js';
import type { Dataset, DatasetSample } from './types.js';

export interface FolderOptions {
  /** Image folder relative to the root (default "images"); not together with `pattern`. */
  images?: string;
  /** Label folder relative to the root (default "labels"); not together with `pattern`. */
  labels?: string;
  /** Two globs relative to the root, images first: "{images/*.jpg,labels/*.png}" (braces optional). */
  pattern?: string;
  /** Class table JSON; default <root>/classes.json. */
  classes?: string;
  /** Label value for unlabelled pixels; default the table's ignoreIndex, else 255. Must not be a class id. */
  ignoreIndex?: number;
  /** How labels encode classes (default "ids"). */
  labelEncoding?: LabelEncoding;
}

const IMAGE_FILE = /\.(png|jpe?g|webp|tiff?|gif|avif)$/i;
const LABEL_FILE = /\.png$/i;

/** "{a,b}" or "a,b" -> [a, b], splitting at the one comma outside nested braces. */
function splitPattern(pattern: string): [string, string] {
  const inner = /^\{.*\}$/.test(pattern.trim()) ? pattern.trim().slice(1, -1) : pattern;
  let depth = 0;
  const commas: number[] = [];
  [...inner].forEach((char, index) => {
    if (char === '{') depth++;
    else if (char === '}') depth--;
    else if (char === ',' && depth === 0) commas.push(index);
  });
  if (commas.length !== 1) throw expected('two globs, images then labels: "{images/*.jpg,labels/*.png}"', 'pattern', pattern);
  return [inner.slice(0, commas[0]).trim(), inner.slice(commas[0] + 1).trim()];
}

/** Where to look: two globs, or an image folder and a label folder, all relative to the root. */
type FileSource = { globs: [string, string] } | { folders: [string, string] };

async function findFiles(root: string, source: FileSource): Promise<{ images: string[]; labels: string[] }> {
  if ('globs' in source) {
    const find = async (pattern: string) => (await glob(pattern, { cwd: root, absolute: true, onlyFiles: true, expandDirectories: false })).sort();
    return { images: await find(source.globs[0]), labels: await find(source.globs[1]) };
  }
  const list = async (folder: string, keep: RegExp, what: string) => {
    const path = resolve(root, folder);
    const names = await listFolder(path, `${what} folder "${folder}"`, (n, dir) => !dir && keep.test(n));
    return names.map((n) => join(path, n));
  };
  const [images, labels] = source.folders;
  return { images: await list(images, IMAGE_FILE, 'an image'), labels: await list(labels, LABEL_FILE, 'a label') };
}

type StemOf = (file: string) => string;
const plainStem: StemOf = (file) => parse(file).name;

/**
 * The pairing key of files a glob found: the stem without the glob's literal text around its wildcards, so that
 * "images/*_image.png" and "annotations/*_annotation.png" pair 001_image.png with 001_annotation.png (CWFID).
 */
function globStem(pattern: string): StemOf {
  const base = parse(pattern.replace(/\\/g, '/').split('/').pop() ?? '').name;
  const wild = /[*?[{]/;
  const first = base.search(wild);
  if (first < 0) return plainStem;
  const head = base.slice(0, first);
  const last = Math.max(base.lastIndexOf('*'), base.lastIndexOf('?'), base.lastIndexOf(']'), base.lastIndexOf('}'));
  const tail = base.slice(last + 1);
  return (file) => {
    const stem = plainStem(file);
    if (stem.length < head.length + tail.length || !stem.startsWith(head) || !stem.endsWith(tail)) return stem;
    return stem.slice(head.length, stem.length - tail.length);
  };
}

/** Files by stem; two files with one stem cannot be paired and are an error naming both. */
function byStem(files: string[], root: string, what: string, stemOf: StemOf): Map<string, string> {
  const map = new Map<string, string>();
  for (const file of files) {
    const stem = stemOf(file);
    const other = map.get(stem);
    if (other) throw datasetError(`one ${what} per file stem`, 'dataset', `"${relative(root, other)}" and "${relative(root, file)}"`);
    map.set(stem, file);
  }
  return map;
}

function pairByStem(root: string, images: string[], labels: string[], name: string, stems: [StemOf, StemOf]): DatasetSample[] {
  assertSomeSamples(images.length, root, name);
  const labelByStem = byStem(labels, root, 'label', stems[1]);
  const samples: DatasetSample[] = [];
  const incomplete: string[] = [];
  for (const [key, imagePath] of byStem(images, root, 'image', stems[0])) {
    const labelPath = labelByStem.get(key);
    // Paired by the key; named by the image's own stem (what reports and predictions use).
    if (labelPath) samples.push({ id: plainStem(imagePath), imagePath, labelPath });
    else incomplete.push(`${relative(root, imagePath)} -> (no label with stem "${key}")`);
  }
  if (incomplete.length > 0) throw incompletePairsError(incomplete, images.length, name);
  return samples;
}

export async function openFolder(root: string, options: FolderOptions = {}): Promise<Dataset> {
  if (options.pattern !== undefined && (options.images ?? options.labels) !== undefined) {
    throw expected('either a pattern or image and label folders', 'dataset options', 'pattern with images or labels');
  }
  const source: FileSource = options.pattern === undefined
    ? { folders: [options.images ?? 'images', options.labels ?? 'labels'] }
    : { globs: splitPattern(options.pattern) };
  await assertDirectory(root, 'an existing dataset folder');
  const tablePath = resolve(options.classes ?? join(root, 'classes.json'));
  const table = await readClassTable(tablePath);
  const ignoreIndex = options.ignoreIndex ?? table.ignoreIndex ?? 255;
  if (ignoreIndex < table.classes.length) {
    throw datasetError(`an ignore index outside the class ids 0..${table.classes.length - 1}`, 'ignoreIndex', String(ignoreIndex));
  }
  const name = `folder "${root}"`;
  const files = await findFiles(root, source);
  const stems: [StemOf, StemOf] = 'globs' in source ? [globStem(source.globs[0]), globStem(source.globs[1])] : [plainStem, plainStem];
  const samples = pairByStem(root, files.images, files.labels, name, stems);
  return makeDataset({
    kind: 'folder',
    name,
    root,
    classes: table.classes,
    ignoreIndex,
    samples,
    decoding: tableDecoding(table, ignoreIndex, options.labelEncoding ?? 'ids', tablePath),
  });
}
