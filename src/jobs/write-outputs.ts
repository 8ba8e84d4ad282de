/**
 * A job's outputs -> files `<out>/<name><extension>`. Every file goes to a temporary name in its folder and all are
 * renamed once all were written, so a re-run (at-least-once delivery) replaces a result atomically and a reader
 * never sees half a file. Names stay inside the output folder.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { SemsegError } from '../core/errors.js';
import { fileSink } from '../io/file-sink.js';

export function outputFile(out: string, name: string, extension: string): string {
  const path = join(out, `${name}${extension}`);
  const inside = relative(resolve(out), resolve(path));
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    throw new SemsegError('OUTPUT_FAILED', `Expected an output name inside the output folder but received ${JSON.stringify(name + extension)}`);
  }
  return path;
}

export async function writeOutputs(out: string, name: string, outputs: readonly { extension: string; bytes: Uint8Array }[]): Promise<string[]> {
  const paths = outputs.map((o) => outputFile(out, name, o.extension));
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
