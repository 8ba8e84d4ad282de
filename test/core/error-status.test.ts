import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ERROR_DISPOSITIONS } from '../../src/core/error-status.js';
import { repoRoot } from '../helpers/paths.js';

test('docs/errors.md lists every error code with the status and exit code the code uses', async () => {
  const text = await readFile(join(repoRoot, 'docs', 'errors.md'), 'utf8');
  const rows = [...text.matchAll(/^\| `([A-Z_]+)` \| [^|]+ \| (\d+) \| (\d+) \| (yes|no) \|$/gm)];
  const documented = Object.fromEntries(rows.map((m) => [m[1], { http: Number(m[2]), exit: Number(m[3]), retryable: m[4] === 'yes' }]));
  assert.deepEqual(documented, ERROR_DISPOSITIONS);
});
