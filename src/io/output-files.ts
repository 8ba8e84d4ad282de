/**
 * The outputs of one item -> files `<folder>/<stem><extension>`, for every front end that writes files (the CLI,
 * job workers). Names must stay inside the folder. Every file goes to a temporary name first and all are renamed
 * only once all were written, so an item never leaves half of its files or a partial one, and a re-run (at-least-once
 * delivery) replaces a result atomically.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { describeValue, SemsegError } from '../core/errors.js';
import { fileSink } from './file-sink.js';

export function outputPath(folder: string, stem: string, extension: string): string {
  const inside = relative(resolve(folder), resolve(folder, `${stem}${extension}`));
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    throw new SemsegError('OUTPUT_FAILED', `Expected an output name inside the output folder but received ${describeValue(stem + extension)}`);
  }
  return join(folder, `${stem}${extension}`);
}

export async function writeOutputFiles(folder: string, stem: string, outputs: readonly { extension: string; bytes: Uint8Array }[]): Promise<string[]> {
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
