/** Command-line inputs (files, folders, globs) -> image paths, plus one error line per input that matched nothing. */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { glob } from 'tinyglobby';

export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp', 'tif', 'tiff', 'gif', 'avif', 'heic', 'heif'];
const imagePattern = new RegExp(`\\.(${IMAGE_EXTENSIONS.join('|')})$`, 'i');

export interface ExpandedInputs {
  files: string[];
  problems: { input: string; message: string }[];
}

async function listFolder(folder: string, recursive: boolean): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isFile() && imagePattern.test(entry.name)) files.push(path);
    else if (recursive && entry.isDirectory()) files.push(...(await listFolder(path, true)));
  }
  return files.sort();
}

export async function expandInputs(inputs: string[], recursive = false): Promise<ExpandedInputs> {
  const files: string[] = [];
  const problems: ExpandedInputs['problems'] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined);
    if (info?.isFile()) {
      // An explicitly named file is always tried, so a non-image gets its own clear error.
      files.push(input);
    } else if (info?.isDirectory()) {
      const found = await listFolder(input, recursive);
      if (found.length === 0) problems.push({ input, message: `Expected image files (${IMAGE_EXTENSIONS.join(', ')}) in folder ${input} but found none` });
      files.push(...found);
    } else {
      const found = (await glob(input, { onlyFiles: true, expandDirectories: false })).filter((f) => imagePattern.test(f)).sort();
      if (found.length === 0) problems.push({ input, message: `Expected a file, folder or glob matching images for input but received "${input}" (nothing matches)` });
      files.push(...found);
    }
  }
  const seen = new Set<string>();
  return { files: files.filter((f) => (seen.has(resolve(f)) ? false : (seen.add(resolve(f)), true))), problems };
}
