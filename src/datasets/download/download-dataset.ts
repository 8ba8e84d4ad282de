/**
 * `semseg datasets download`: archive -> DIR/.partial (download, resumable) -> the source's folder extracted there ->
 * split lists rewritten to paths relative to the root and checked against the source's counts -> moved into DIR,
 * split lists last. DIR becomes a dataset only when everything is there; a failure leaves at most DIR/.partial,
 * which the next run reuses (a complete archive is not downloaded again).
 */
import { access, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { expected, SemsegError } from '../../core/errors.js';
import { listSome } from '../list-some.js';
import { extractFolder } from './extract-zip.js';
import { fetchToFile } from './fetch-archive.js';
import type { DatasetSource } from './sources.js';

export type DownloadProgress = { phase: 'download'; done: number; total?: number } | { phase: 'extract'; done: number; total: number };

export interface DownloadOptions {
  /** Another place to get the same archive from (a mirror); default the source's URL. */
  url?: string;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
}

export interface DownloadResult {
  root: string;
  /** Files extracted. */
  files: number;
  /** Samples per split list. */
  splits: Record<string, number>;
  /** Whether an archive left by an earlier run was used instead of downloading it again. */
  reused: boolean;
}

const PARTIAL = '.partial';
const exists = (path: string) => access(path).then(() => true, () => false);

async function assertTarget(root: string): Promise<void> {
  const info = await stat(root).catch(() => undefined);
  if (!info) return;
  if (!info.isDirectory()) throw new SemsegError('INVALID_ARGUMENT', `Expected a new or empty folder for --to but received "${root}" (a file)`);
  const entries = (await readdir(root)).filter((name) => name !== PARTIAL);
  if (entries.length > 0) throw new SemsegError('INVALID_ARGUMENT', `Expected a new or empty folder for --to but received "${root}" (it holds ${listSome(entries.sort(), 5)})`);
}

/** "/SegNet/CamVid/train/a.png" -> "train/a.png": the list's paths made relative to the dataset root. */
const lastTwo = (path: string) => path.split(/[\\/]/).filter(Boolean).slice(-2).join('/');

/** Rewrites `<split>.txt` in place and checks that it names the expected number of pairs, each file present. */
async function rewriteList(staged: string, split: string, expected: number): Promise<number> {
  const path = join(staged, `${split}.txt`);
  const text = await readFile(path, 'utf8').catch(() => {
    throw new SemsegError('DATASET_INVALID', `Expected a split list ${split}.txt in the archive's dataset folder but received none`);
  });
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  const pairs = lines.map((line) => line.split(/\s+/).map(lastTwo));
  const malformed = lines.filter((_, i) => pairs[i].length !== 2);
  if (malformed.length > 0) throw new SemsegError('DATASET_INVALID', `Expected "image label" on every line of ${split}.txt but received ${listSome(malformed.map((l) => JSON.stringify(l)), 3)}`);
  if (pairs.length !== expected) throw new SemsegError('DATASET_INVALID', `Expected ${expected} samples in ${split}.txt (the source's layout) but received ${pairs.length}`);
  const files = pairs.flat();
  const missing: string[] = [];
  for (const file of files) if (!(await exists(join(staged, file)))) missing.push(file);
  if (missing.length > 0) throw new SemsegError('DATASET_INVALID', `Expected every file that ${split}.txt names in the archive but received ${missing.length} missing: ${listSome(missing, 5)}`);
  await writeFile(path, `${pairs.map((pair) => pair.join(' ')).join('\n')}\n`);
  return pairs.length;
}

export async function downloadDataset(source: DatasetSource, to: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  const root = resolve(to);
  const url = options.url ?? source.url;
  const protocol = URL.canParse(url) ? new URL(url).protocol : '';
  if (protocol !== 'http:' && protocol !== 'https:') throw expected('an http or https URL', '--url', url);
  await assertTarget(root);
  const created = !(await exists(root));
  const partial = join(root, PARTIAL);
  // What an earlier run left is reused only for the same URL: a mirror's file must not be completed with another's.
  const from = join(partial, 'url');
  if ((await readFile(from, 'utf8').catch(() => url)) !== url) await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  await writeFile(from, url);
  const archive = join(partial, 'archive.zip');
  const reused = await exists(archive);
  if (!reused) {
    await fetchToFile(url, `${archive}.part`, (p) => options.onProgress?.({ phase: 'download', ...p }), options.signal);
    await rename(`${archive}.part`, archive);
  }
  const staged = join(partial, source.folder);
  // An extraction that stopped half-way is started over.
  await rm(staged, { recursive: true, force: true });
  let files: number;
  const splits: Record<string, number> = {};
  try {
    files = await extractFolder(archive, source.folder, staged, (p) => options.onProgress?.({ phase: 'extract', ...p }));
    for (const [split, expected] of Object.entries(source.splits)) splits[split] = await rewriteList(staged, split, expected);
  } catch (error) {
    // A file that is not the expected archive (an error page, a wrong mirror) must not be reused by the next run.
    await rm(created ? root : partial, { recursive: true, force: true });
    throw error;
  }
  const lists = new Set(Object.keys(source.splits).map((split) => `${split}.txt`));
  const entries = (await readdir(staged)).sort((a, b) => Number(lists.has(a)) - Number(lists.has(b)));
  for (const entry of entries) await rename(join(staged, entry), join(root, entry));
  await rm(partial, { recursive: true, force: true });
  return { root, files, splits, reused };
}
