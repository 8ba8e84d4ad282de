/**
 * A manifest for `semseg jobs submit`: JSON lines, one image each, `{"input": "path", "name": "stem"}` (`name`
 * optional: the input's base name). Relative inputs are relative to the manifest's folder; names are made safe
 * and unique as `semseg predict` makes them.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { RESERVED_STEMS, safeStem, type InputFile } from './output-names.js';
import { UsageError } from './usage-error.js';

export async function readManifest(path: string): Promise<InputFile[]> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`Expected a readable manifest for inputs but received "${path}" (${error.code ?? error.message})`);
  });
  const used = new Set(RESERVED_STEMS);
  const files: InputFile[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let entry: { input?: unknown; name?: unknown };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      throw new UsageError(`Expected a JSON object for line ${i + 1} of ${path} but received ${line.slice(0, 80)}`);
    }
    if (typeof entry?.input !== 'string' || (entry.name !== undefined && typeof entry.name !== 'string')) {
      throw new UsageError(`Expected {"input": "path", "name"?: "stem"} for line ${i + 1} of ${path} but received ${line.slice(0, 80)}`);
    }
    const input = resolve(dirname(path), entry.input);
    const stem = safeStem(typeof entry.name === 'string' ? entry.name : basename(input, extname(input)));
    let name = stem;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${stem}-${n}`;
    used.add(name.toLowerCase());
    files.push({ path: input, name });
  });
  if (files.length === 0) throw new UsageError(`Expected at least one line in manifest ${path} but found none`);
  return files;
}
