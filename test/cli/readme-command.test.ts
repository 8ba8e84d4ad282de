/**
 * The README's first command, `npx semseg predict samples/... --out out`, as a user runs it: through npm's bin
 * resolution, executing the built CLI file itself (its shebang and executable bit, set by `npm run build`).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/paths.js';

test('npx semseg predict on the README sample writes labels, colour, overlay and JSON', () => {
  const out = mkdtempSync(join(tmpdir(), 'semseg-readme-'));
  try {
    const result = spawnSync('npx', ['--no-install', 'semseg', 'predict', 'samples/camvid-0001TP_008550.png', '--out', out, '--no-progress'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, `exit ${result.status}\n${result.stdout}\n${result.stderr}`);
    const stem = 'camvid-0001TP_008550';
    assert.deepEqual(
      readdirSync(out).filter((f) => f.startsWith(stem)).sort(),
      ['.color.png', '.json', '.labels.png', '.overlay.jpg'].map((s) => stem + s),
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
