/** Paths tests share: the repo root, fixtures, and ../shared (absent outside CI and developer machines). */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

// dist/test/helpers/ -> repo root
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const fixturesDir = join(repoRoot, 'test', 'fixtures');
export const cliPath = join(repoRoot, 'dist', 'src', 'cli', 'main.js');
export const camvidRoot = join(repoRoot, '..', 'shared', 'data', 'camvid');

/** `{ skip }` option for tests needing CamVid: a clear message instead of a failure when ../shared is missing. */
export function needsCamvid(): { skip?: string } {
  return existsSync(join(camvidRoot, 'test.txt')) ? {} : { skip: `CamVid not found at ${camvidRoot} (../shared is absent)` };
}
