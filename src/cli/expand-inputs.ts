/** Command-line inputs (files, folders, globs) -> image paths, plus one error line per input that matched nothing. */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { glob } from 'tinyglobby';
import { nameInputs, type InputFile } from './output-names.js';

export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp', 'tif', 'tiff', 'gif', 'avif', 'heic', 'heif'];
const imagePattern = new RegExp(`\\.(${IMAGE_EXTENSIONS.join('|')})$`, 'i');

export interface ExpandedInputs {
  files: InputFile[];
  problems: { input: string; message: string }[];
}

async function listFolder(folder: string, recursive: boolean): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    // Symbolic links count as what they point to (a dangling link is skipped).
    const kind = entry.isSymbolicLink() ? await stat(path).catch(() => undefined) : entry;
    if (kind?.isFile() && imagePattern.test(entry.name)) files.push(path);
    else if (recursive && kind?.isDirectory()) files.push(...(await listFolder(path, true)));
  }
  return files.sort();
}

export async function expandInputs(inputs: string[], recursive = false): Promise<ExpandedInputs> {
  const found: { path: string; folder?: string }[] = [];
  const problems: ExpandedInputs['problems'] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined);
    if (info?.isFile()) {
      // An explicitly named file is always tried, so a non-image gets its own clear error.
      found.push({ path: input });
    } else if (info?.isDirectory()) {
      const inFolder = await listFolder(input, recursive);
      if (inFolder.length === 0) problems.push({ input, message: `Expected image files (${IMAGE_EXTENSIONS.join(', ')}) in folder ${input} but found none` });
      found.push(...inFolder.map((path) => ({ path, folder: input })));
    } else {
      const matches = (await glob(input, { onlyFiles: true, expandDirectories: false })).filter((f) => imagePattern.test(f)).sort();
      if (matches.length === 0) problems.push({ input, message: `Expected a file, folder or glob matching images for input but received "${input}" (nothing matches)` });
      found.push(...matches.map((path) => ({ path })));
    }
  }
  const seen = new Set<string>();
  const unique = found.filter((f) => (seen.has(resolve(f.path)) ? false : (seen.add(resolve(f.path)), true)));
  return { files: nameInputs(unique), problems };
}
