/** NIfTI files on disk: read (gzip detected from the bytes) and written atomically (gzip when the name ends .gz). */
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { SemsegError } from '../core/errors.js';
import { writeFileAtomic } from './file-sink.js';
import { readNifti, type ReadNiftiOptions } from './nifti-read.js';
import type { Volume } from '../volumes/types.js';

/** `.nii` or `.nii.gz`, in any case. */
export function isNiftiPath(path: string): boolean {
  return /\.nii(\.gz)?$/i.test(path);
}

/** The file name without its NIfTI ending: `scans/vol.nii.gz` -> `vol`. */
export function niftiStem(name: string): string {
  return name.replace(/\.nii(\.gz)?$/i, '');
}

export async function readNiftiFile(path: string, options: Omit<ReadNiftiOptions, 'source'> = {}): Promise<Volume> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new SemsegError('IO_FAILED', `Expected a readable file for ${path} but the file system answered ${reason}`, { cause: error });
  }
  return readNifti(bytes, { ...options, source: path });
}

/** Writes encoded NIfTI bytes, gzipped for a `.gz` name. */
export function writeNiftiFile(path: string, bytes: Uint8Array): Promise<void> {
  return writeFileAtomic(path, /\.gz$/i.test(path) ? gzipSync(bytes, { level: 6 }) : bytes);
}
