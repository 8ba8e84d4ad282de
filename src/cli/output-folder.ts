/**
 * The output folder, checked before any model is loaded: it is created when missing, and a file in the way or a
 * folder that cannot be written to is one clear error (exit 2) instead of a failure after the work was done.
 * Outputs are then placed strictly inside it (io/output-files.ts).
 */
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SemsegError } from '../core/errors.js';
import { TEMPORARY_PREFIX } from '../io/file-sink.js';
import { printablePath } from './output-names.js';

function folderError(folder: string, why: string, cause?: unknown): SemsegError {
  return new SemsegError('OUTPUT_FAILED', `Expected a writable folder for --out but ${printablePath(folder)} ${why}`, { cause });
}

export async function prepareOutputFolder(folder: string): Promise<void> {
  const info = await stat(folder).catch(() => undefined);
  if (info && !info.isDirectory()) throw folderError(folder, 'is a file');
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw folderError(folder, code === 'ENOTDIR' || code === 'EEXIST' ? 'has a file in its path' : `cannot be created (${code ?? (error as Error).message})`, error);
  }
  const probe = join(folder, `${TEMPORARY_PREFIX}probe-${randomBytes(4).toString('hex')}`);
  try {
    await writeFile(probe, '', { flag: 'wx' });
  } catch (error) {
    throw folderError(folder, `is not writable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, error);
  }
  await rm(probe, { force: true });
}

/** The path of an output, refused when it would resolve outside the folder (names are made safe before this). */
