/**
 * The package as npm would install it: only the files `npm pack` puts in the tarball, under node_modules/semseg of a
 * fresh project whose other dependencies are links to this repository's node_modules (no network needed).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { repoRoot } from '../helpers/paths.js';

const run = promisify(execFile);

interface Manifest {
  bin: Record<string, string>;
  exports: Record<string, string | { types: string; default: string }>;
}

async function packedFiles(): Promise<string[]> {
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 });
  return (JSON.parse(stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
}

test('the packed package holds every exports and bin target, every embedded model, and no tests', async () => {
  const files = new Set(await packedFiles());
  const manifest = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as Manifest;
  const targets = Object.values(manifest.exports).flatMap((t) => (typeof t === 'string' ? [t] : [t.types, t.default]));
  for (const target of [...targets, ...Object.values(manifest.bin)]) assert.ok(files.has(target.replace(/^\.\//, '')), `${target} is not packed`);
  for (const model of ['street', 'person', 'membrane', 'vegetation', 'ndvi']) {
    assert.ok(files.has(`models/${model}/model.onnx`) && files.has(`models/${model}/card.json`), `models/${model} is not packed`);
  }
  assert.deepEqual([...files].filter((f) => f.startsWith('dist/test/') || f.startsWith('dist/bench/') || f.startsWith('tools/')), []);
  // The web page that `semseg serve` serves; its models come from the server, not a second copy in dist/web.
  for (const page of ['dist/web/index.html', 'dist/web/monitor.html', 'dist/web/assets/app.js']) assert.ok(files.has(page), `${page} is not packed`);
  assert.deepEqual([...files].filter((f) => f.startsWith('dist/web/models/')), []);
});

test('an install of the packed files runs predict --model person with HOME unset, and both entries import', async () => {
  const project = await mkdtemp(join(tmpdir(), 'semseg-install-'));
  const installed = join(project, 'node_modules', 'semseg');
  try {
    for (const file of await packedFiles()) {
      await mkdir(dirname(join(installed, file)), { recursive: true });
      await cp(join(repoRoot, file), join(installed, file));
    }
    const dependencies = join(repoRoot, 'node_modules');
    for (const name of await readdir(dependencies)) {
      if (!name.startsWith('.')) await symlink(join(dependencies, name), join(project, 'node_modules', name));
    }
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
    // Read-only as an installed package may be (not enforced for root, who may write anyway).
    await chmod(installed, 0o555);
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !['HOME', 'USERPROFILE', 'XDG_CACHE_HOME', 'SEMSEG_CACHE_DIR'].includes(name)));
    const bin = join(installed, 'dist', 'src', 'cli', 'main.js');
    const out = join(project, 'out');
    await run(process.execPath, [bin, 'predict', join(repoRoot, 'samples', 'grace_hopper.jpg'), '--model', 'person', '--out', out, '--workers', '1', '--no-progress'], { cwd: project, env });
    assert.ok((await readdir(out)).includes('grace_hopper.labels.png'));

    const script = join(project, 'consumer.js');
    await writeFile(
      script,
      `import { loadModel, createModel } from 'semseg';
       import * as core from 'semseg/core';
       const model = await loadModel('person', { workers: 1 });
       console.log(JSON.stringify({ name: model.card.name, path: model.modelPath, core: typeof core.createModel, same: core.createModel === createModel, loadInCore: 'loadModel' in core }));
       await model.dispose();`,
    );
    const { stdout } = await run(process.execPath, [script], { cwd: project, env });
    assert.deepEqual(JSON.parse(stdout), { name: 'person', path: join(installed, 'models', 'person', 'model.onnx'), core: 'function', same: true, loadInCore: false });
  } finally {
    await chmod(installed, 0o755).catch(() => undefined);
    await rm(project, { recursive: true, force: true });
  }
});
