import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nameInputs } from '../../src/cli/output-names.js';

test('folder inputs keep their sub-path; direct files keep their base name; equal names get a suffix', () => {
  const named = nameInputs([
    { path: '/data/a/x.png', folder: '/data' },
    { path: '/data/b/x.png', folder: '/data' },
    { path: '/elsewhere/x.png' },
    { path: '/other/x.jpg' },
  ]);
  assert.deepEqual(named.map((n) => n.name), ['a/x', 'b/x', 'x', 'x-2']);
});

test('folders list symbolic links to images like the images themselves', async () => {
  const { mkdtemp, symlink, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { expandInputs } = await import('../../src/cli/expand-inputs.js');
  const dir = await mkdtemp(join(tmpdir(), 'semseg-links-'));
  await writeFile(join(dir, 'real.png'), 'x');
  await symlink(join(dir, 'real.png'), join(dir, 'link.png'));
  await symlink(join(dir, 'missing.png'), join(dir, 'dangling.png'));
  const { files } = await expandInputs([dir]);
  assert.deepEqual(files.map((f) => f.name), ['link', 'real']);
});
