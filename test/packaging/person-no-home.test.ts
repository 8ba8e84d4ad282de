import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { cliPath, repoRoot } from '../helpers/paths.js';

const sample = join(repoRoot, 'samples', 'grace_hopper.jpg');

function predictPerson(out: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const args = [cliPath, 'predict', sample, '--model', 'person', '--out', out, '--workers', '1', '--no-progress'];
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** The environment of the test process less HOME (and anything naming a cache folder). */
function envWithout(...names: string[]): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !names.includes(name)));
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => !e.isDirectory()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

test('semseg predict --model person works with HOME unset and writes nothing but its outputs', async () => {
  const out = await mkdtemp(join(tmpdir(), 'semseg-nohome-'));
  try {
    const modelsBefore = await listFiles(join(repoRoot, 'models'));
    const result = await predictPerson(out, envWithout('HOME', 'USERPROFILE', 'XDG_CACHE_HOME', 'SEMSEG_CACHE_DIR'));
    assert.equal(result.code, 0, result.stderr);
    assert.ok((await stat(join(out, 'grace_hopper.labels.png'))).size > 0);
    assert.deepEqual(await listFiles(join(repoRoot, 'models')), modelsBefore, 'the package folder is left as it was');
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});

test('semseg predict --model person leaves a fresh HOME empty (no model cache, no runtime telemetry)', async () => {
  const home = await mkdtemp(join(tmpdir(), 'semseg-home-'));
  try {
    const result = await predictPerson(join(home, 'out'), { ...envWithout('XDG_CACHE_HOME', 'SEMSEG_CACHE_DIR'), HOME: home });
    assert.equal(result.code, 0, result.stderr);
    const written = (await listFiles(home)).filter((path) => !path.startsWith('out/'));
    assert.deepEqual(written, []);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});
