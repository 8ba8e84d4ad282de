/**
 * One prediction's outputs -> files inside the output folder. Every file is written to a temporary name first and
 * all are renamed only once all were written, so an item never leaves half of its files or a partial one.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileSink } from '../io/file-sink.js';
import type { EncodedOutput } from '../pipeline/outputs.js';
import { outputPath } from './output-folder.js';

export async function writeItem(folder: string, stem: string, outputs: readonly EncodedOutput[]): Promise<string[]> {
  const paths = outputs.map((o) => outputPath(folder, stem, o.extension));
  if (paths.length) await mkdir(dirname(paths[0]), { recursive: true });
  const sinks = paths.map(fileSink);
  try {
    await Promise.all(outputs.map((o, i) => sinks[i].write(o.bytes)));
    for (const sink of sinks) await sink.end();
  } catch (error) {
    await Promise.all(sinks.map((s) => s.abort()));
    throw error;
  }
  return paths;
}
