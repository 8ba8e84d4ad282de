import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { findPackageRoot } from '../../src/models/package-root.js';
import { findEmbeddedModel } from '../../src/models/registry.js';
import { repoRoot } from '../helpers/paths.js';

const run = promisify(execFile);

async function withTemp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-root-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('the package root is found from the compiled registry (dist/src/models)', async () => {
  assert.equal(findPackageRoot(), repoRoot.replace(/\/$/, ''));
  const street = await findEmbeddedModel('street')!.locate();
  assert.equal(street.onnxPath, join(repoRoot, 'models', 'street', 'model.onnx'));
});

test('the package root is the nearest package.json named semseg, past other and unreadable manifests', () =>
  withTemp(async (dir) => {
    const deep = join(dir, 'lib', 'esm', 'models');
    await mkdir(deep, { recursive: true });
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'semseg' }));
    await writeFile(join(dir, 'lib', 'package.json'), JSON.stringify({ type: 'module' }));
    await writeFile(join(dir, 'lib', 'esm', 'package.json'), '{ not json');
    assert.equal(findPackageRoot(deep), dir);
    assert.equal(findPackageRoot(dir), dir);
  }));

test('no package.json named semseg above the start folder is a MODEL_NOT_FOUND error naming the folder', () =>
  withTemp(async (dir) => {
    assert.throws(() => findPackageRoot(dir, 'semseg-not-installed-anywhere'), {
      code: 'MODEL_NOT_FOUND',
      message: new RegExp(`Expected a package.json named "semseg-not-installed-anywhere" in ${dir} or a folder above it`),
    });
  }));

test('embedded models are found when the code is bundled into another layout than dist/src/models', () =>
  withTemp(async (dir) => {
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'semseg', type: 'module' }));
    await symlink(join(repoRoot, 'models'), join(dir, 'models'));
    const bundle = join(dir, 'build', 'a', 'b', 'registry.mjs');
    await build({ entryPoints: [join(repoRoot, 'dist', 'src', 'models', 'registry.js')], bundle: true, platform: 'node', format: 'esm', outfile: bundle, logLevel: 'silent' });
    const script = `const { findEmbeddedModel } = await import(${JSON.stringify(bundle)}); console.log(JSON.stringify(await findEmbeddedModel('person').locate()));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
    assert.deepEqual(JSON.parse(stdout), { onnxPath: join(dir, 'models', 'person', 'model.onnx'), cardPath: join(dir, 'models', 'person', 'card.json') });
  }));
