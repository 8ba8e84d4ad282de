/**
 * Converts a TFLite model once and keeps the ONNX file and card on disk. The cache folder's name carries a hash of
 * the TFLite bytes, the card overrides and the importer version, so any change gives a fresh conversion; older
 * folders of the same model are removed after a successful write. Files are written to a temporary name and renamed,
 * so a reader never sees half a file and concurrent processes cannot corrupt each other.
 */
import { createHash, randomBytes } from 'node:crypto';
import { access, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SemsegError } from '../../core/errors.js';
import type { ModelCardInput } from '../card-schema.js';
import { importTflite, IMPORTER_VERSION } from './import.js';

export interface CachedImportRequest {
  /** Stable model name; cache folders are `<name>-<key>`. */
  name: string;
  tflite: Uint8Array;
  cacheDir: string;
  card?: Partial<ModelCardInput>;
}

export interface CachedModelPaths {
  onnxPath: string;
  cardPath: string;
}

export function importCacheKey(tflite: Uint8Array, card: Partial<ModelCardInput> | undefined, importerVersion = IMPORTER_VERSION): string {
  return createHash('sha256')
    .update(`semseg-tflite-import ${importerVersion}\n${JSON.stringify(card ?? {})}\n`)
    .update(tflite)
    .digest('hex')
    .slice(0, 16);
}

export async function ensureImportedModel(request: CachedImportRequest): Promise<CachedModelPaths> {
  const folderName = `${request.name}-${importCacheKey(request.tflite, request.card)}`;
  const folder = join(request.cacheDir, folderName);
  const paths = { onnxPath: join(folder, 'model.onnx'), cardPath: join(folder, 'card.json') };
  if ((await exists(paths.onnxPath)) && (await exists(paths.cardPath))) return paths;
  const { onnx, card } = importTflite(request.tflite, { card: request.card });
  try {
    await mkdir(folder, { recursive: true });
    await writeAtomically(paths.onnxPath, onnx);
    // The card goes last: its presence marks a complete entry.
    await writeAtomically(paths.cardPath, `${JSON.stringify(card, null, 2)}\n`);
    await removeStaleEntries(request.cacheDir, request.name, folderName);
  } catch (error) {
    const message = `Expected a writable cache folder for cacheDir but received ${JSON.stringify(request.cacheDir)} (${(error as Error).message})`;
    throw new SemsegError('IO_FAILED', message, { cause: error });
  }
  return paths;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function writeAtomically(path: string, data: Uint8Array | string): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Removes `<name>-<16 hex>` folders other than the current one. */
async function removeStaleEntries(cacheDir: string, name: string, current: string): Promise<void> {
  const pattern = new RegExp(`^${name.replace(/[^A-Za-z0-9]/g, '\\$&')}-[0-9a-f]{16}$`);
  const entries = await readdir(cacheDir, { withFileTypes: true });
  await Promise.all(
    entries
      .filter((entry) => entry.isDirectory() && entry.name !== current && pattern.test(entry.name))
      .map((entry) => rm(join(cacheDir, entry.name), { recursive: true, force: true })),
  );
}
