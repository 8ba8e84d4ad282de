/** Quality profiles on disk: JSON, written atomically, read and validated (the only Node code of monitoring/). */
import { readFile } from 'node:fs/promises';
import { SemsegError } from '../core/errors.js';
import { writeFileAtomic } from '../io/file-sink.js';
import { parseQualityProfile } from './profile-schema.js';
import type { QualityProfile } from './quality-profile.js';

export async function writeQualityProfile(path: string, profile: QualityProfile): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(profile, null, 2)}\n`);
}

/** Reads and validates a profile file: IO_FAILED when it cannot be read, INVALID_ARGUMENT when it is no profile. */
export async function readQualityProfile(path: string): Promise<QualityProfile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new SemsegError('IO_FAILED', `Expected a readable quality profile at ${path} but the file system answered ${reason}`, { cause: error });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SemsegError('INVALID_ARGUMENT', `Expected a quality profile (JSON) for ${path} but received text that is not JSON (${(error as Error).message})`);
  }
  return parseQualityProfile(raw, path);
}
