/**
 * Command-line inputs (files, folders, globs) -> image paths, plus one error line per input that matched nothing.
 * Files are tracked by their real path, so a file reached twice (a link, an overlapping argument) is processed once,
 * and folders by theirs, so a symbolic-link loop is entered once and reported as a note.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { glob } from 'tinyglobby';
import { nameInputs, printablePath, type InputFile } from './output-names.js';

export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp', 'tif', 'tiff', 'gif', 'avif', 'heic', 'heif'];
const imagePattern = new RegExp(`\\.(${IMAGE_EXTENSIONS.join('|')})$`, 'i');

export interface ExpandedInputs {
  files: InputFile[];
  problems: { input: string; message: string }[];
  /** Things skipped on purpose (link loops, files reached twice), for people. */
  notes: string[];
}

/** Every image below `root` (breadth first, no recursion), each real folder entered once. */
async function listFolder(root: string, recursive: boolean, visited: Set<string>, notes: string[]): Promise<string[]> {
  const files: string[] = [];
  const folders = [root];
  visited.add(await realpath(root));
  while (folders.length > 0) {
    const folder = folders.shift()!;
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(folder, entry.name);
      // Symbolic links count as what they point to (a dangling link is skipped).
      const kind = entry.isSymbolicLink() ? await stat(path).catch(() => undefined) : entry;
      if (kind?.isFile() && imagePattern.test(entry.name)) files.push(path);
      else if (recursive && kind?.isDirectory()) {
        const real = await realpath(path).catch(() => path);
        if (visited.has(real)) notes.push(`skipped ${printablePath(path)}: a link back to a folder already read`);
        else {
          visited.add(real);
          folders.push(path);
        }
      }
    }
  }
  return files.sort();
}

export async function expandInputs(inputs: string[], recursive = false): Promise<ExpandedInputs> {
  const found: { path: string; folder?: string }[] = [];
  const problems: ExpandedInputs['problems'] = [];
  const notes: string[] = [];
  const visited = new Set<string>();
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined);
    if (info?.isFile()) {
      // An explicitly named file is always tried, so a non-image gets its own clear error.
      found.push({ path: input });
    } else if (info?.isDirectory()) {
      const inFolder = await listFolder(input, recursive, visited, notes);
      if (inFolder.length === 0) problems.push({ input, message: `Expected image files (${IMAGE_EXTENSIONS.join(', ')}) in folder ${printablePath(input)} but found none` });
      found.push(...inFolder.map((path) => ({ path, folder: input })));
    } else {
      const matches = (await glob(input, { onlyFiles: true, expandDirectories: false })).filter((f) => imagePattern.test(f)).sort();
      if (matches.length === 0) problems.push({ input, message: `Expected a file, folder or glob matching images for input but received "${printablePath(input)}" (nothing matches)` });
      found.push(...matches.map((path) => ({ path })));
    }
  }
  const seen = new Map<string, string>();
  const unique: typeof found = [];
  for (const f of found) {
    const real = await realpath(f.path).catch(() => f.path);
    const first = seen.get(real);
    if (first === undefined) {
      seen.set(real, f.path);
      unique.push(f);
    } else if (first !== f.path) {
      notes.push(`skipped ${printablePath(f.path)}: the same file as ${printablePath(first)}`);
    }
  }
  return { files: nameInputs(unique), problems, notes };
}
