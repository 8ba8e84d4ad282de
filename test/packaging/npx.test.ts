import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { repoRoot } from '../helpers/paths.js';

const run = promisify(execFile);

test('npx semseg --version in the repository prints the version and nothing on stderr (no npm warnings)', async () => {
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  const { stdout, stderr } = await run('npx', ['semseg', '--version'], { cwd: repoRoot, env: { ...process.env, npm_config_yes: 'false' } });
  assert.equal(stderr, '');
  assert.equal(stdout.trim(), version);
});
