/**
 * What a folder tree holds (files with size and content hash, links with their targets), so a run's writes
 * outside its output folder show up as a difference between two snapshots. Links are recorded, never followed.
 */
import { createHash } from 'node:crypto';
import { lstat, readFile, readdir, readlink } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';

export type Snapshot = Map<string, string>;

export interface Change {
  path: string;
  change: 'added' | 'removed' | 'changed';
}

async function walk(path: string, skip: string[], into: Snapshot): Promise<void> {
  if (skip.some((s) => path === s || path.startsWith(s + sep))) return;
  const info = await lstat(path).catch(() => undefined);
  if (!info) return;
  if (info.isSymbolicLink()) into.set(path, `link -> ${await readlink(path)}`);
  else if (info.isFile()) {
    const hash = createHash('sha1').update(await readFile(path)).digest('hex');
    into.set(path, `file ${info.size} ${hash}`);
  } else if (info.isDirectory()) {
    into.set(path, 'folder');
    for (const name of await readdir(path)) await walk(join(path, name), skip, into);
  } else into.set(path, 'other');
}

/** Snapshot of the roots, leaving out the folders in `skip` (the output folder whose writes are wanted). */
export async function snapshot(roots: string[], skip: string[]): Promise<Snapshot> {
  const into: Snapshot = new Map();
  const skipped = skip.map((s) => resolve(s));
  for (const root of roots) await walk(resolve(root), skipped, into);
  return into;
}

export function changes(before: Snapshot, after: Snapshot): Change[] {
  const found: Change[] = [];
  for (const [path, what] of after) {
    const was = before.get(path);
    if (was === undefined) found.push({ path, change: 'added' });
    else if (was !== what) found.push({ path, change: 'changed' });
  }
  for (const path of before.keys()) if (!after.has(path)) found.push({ path, change: 'removed' });
  return found;
}
