/**
 * Output names: a file found in a folder argument keeps its path below that folder (sub-folders mirrored);
 * a file named directly or matched by a glob keeps its base name. Equal names get -2, -3, ... so nothing is
 * overwritten.
 */
import { basename, extname, relative } from 'node:path';

export interface InputFile {
  path: string;
  /** Output stem relative to the output folder, without extension. */
  name: string;
}

function stripExtension(path: string): string {
  return path.slice(0, path.length - extname(path).length);
}

export function nameInputs(found: { path: string; folder?: string }[]): InputFile[] {
  const used = new Set<string>();
  return found.map(({ path, folder }) => {
    const stem = stripExtension(folder ? relative(folder, path) : basename(path));
    let name = stem;
    for (let i = 2; used.has(name); i++) name = `${stem}-${i}`;
    used.add(name);
    return { path, name };
  });
}
