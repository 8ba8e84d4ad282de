/**
 * The semseg package's root folder (it holds models/), found by walking up from a file to the package.json named
 * "semseg", so it holds whatever the build layout (dist/src/models/, src/models/ under a loader, a bundle).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SemsegError } from '../core/errors.js';

export const PACKAGE_NAME = 'semseg';

function manifestName(path: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { name?: string }).name;
  } catch {
    return undefined;
  }
}

export function findPackageRoot(start: string = dirname(fileURLToPath(import.meta.url)), name = PACKAGE_NAME): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (manifestName(join(dir, 'package.json')) === name) return dir;
    if (dirname(dir) === dir) {
      throw new SemsegError('MODEL_NOT_FOUND', `Expected a package.json named "${name}" in ${start} or a folder above it (the package root, holding models/) but found none`);
    }
  }
}
