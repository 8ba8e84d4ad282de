/**
 * Files written atomically: bytes go to a temporary file in the target's folder, which is renamed over the final
 * name on end(). A rename replaces whatever is at the final name (a symbolic link included) instead of writing
 * through it, and a reader never sees a half-written file; an aborted or interrupted write leaves no trace beyond
 * the temporary file, which abort() and removeTemporaryFiles() delete.
 */
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SemsegError } from '../core/errors.js';
import { writeAll, type ByteSink } from '../formats/byte-sink.js';

/** Temporary files start with this prefix (hidden, recognisable, never an output name). */
export const TEMPORARY_PREFIX = '.semseg-';

/** Temporary files not yet renamed or removed, for a last clean-up when the process is being killed. */
const pending = new Set<string>();

function temporaryPath(path: string): string {
  return join(dirname(path), `${TEMPORARY_PREFIX}${randomBytes(6).toString('hex')}-${basename(path).slice(0, 40)}.tmp`);
}

function outputError(path: string, error: unknown): SemsegError {
  if (error instanceof SemsegError) return error;
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new SemsegError('OUTPUT_FAILED', `Expected to write ${path} but the file system answered ${reason}`, { cause: error });
}

/** A sink whose bytes appear at `path` only once end() resolves. */
export function fileSink(path: string): ByteSink {
  const temporary = temporaryPath(path);
  let handle: Promise<FileHandle> | undefined;
  let settled = false;
  const file = () => {
    if (!handle) {
      pending.add(temporary);
      // 'wx': never follow or reuse an existing entry at the temporary name.
      handle = open(temporary, 'wx', 0o644);
    }
    return handle;
  };
  const discard = async () => {
    if (settled) return;
    settled = true;
    await handle?.then((h) => h.close()).catch(() => undefined);
    await rm(temporary, { force: true });
    pending.delete(temporary);
  };
  return {
    async write(bytes) {
      try {
        const h = await file();
        let offset = 0;
        while (offset < bytes.length) offset += (await h.write(bytes, offset)).bytesWritten;
      } catch (error) {
        throw outputError(path, error);
      }
    },
    async end() {
      try {
        const h = await file();
        await h.close();
        await rename(temporary, path);
        settled = true;
        pending.delete(temporary);
      } catch (error) {
        await discard();
        throw outputError(path, error);
      }
    },
    abort: discard,
  };
}

/** Writes a whole file atomically. */
export function writeFileAtomic(path: string, bytes: Uint8Array | string): Promise<void> {
  return writeAll(fileSink(path), typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes);
}

/** Synchronously deletes every temporary file still open (for an exit that cannot wait). */
export function removeTemporaryFiles(): void {
  for (const path of pending) rmSync(path, { force: true });
  pending.clear();
}
