/** Output paths mirror the inputs' layout below their common folder, so equal file names never collide. */
import { dirname, extname, join, relative, resolve, sep } from 'node:path';

export function commonFolder(files: string[]): string {
  if (files.length === 0) return process.cwd();
  let parts = dirname(resolve(files[0])).split(sep);
  for (const file of files.slice(1)) {
    const other = dirname(resolve(file)).split(sep);
    let i = 0;
    while (i < parts.length && i < other.length && parts[i] === other[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join(sep) || sep;
}

/** `<out>/<path relative to base, without extension>`: callers append `.labels.png`, `.json`, ... */
export function outputStem(file: string, base: string, outDir: string): string {
  const rel = relative(base, resolve(file));
  return join(outDir, rel.slice(0, rel.length - extname(rel).length));
}
