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

test('folders list symbolic links to images like the images themselves, each real file once', async () => {
  const { mkdtemp, symlink, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { expandInputs } = await import('../../src/cli/expand-inputs.js');
  const dir = await mkdtemp(join(tmpdir(), 'semseg-links-'));
  await writeFile(join(dir, 'real.png'), 'x');
  await symlink(join(dir, 'real.png'), join(dir, 'link.png'));
  await symlink(join(dir, 'missing.png'), join(dir, 'dangling.png'));
  await writeFile(join(dir, 'other.png'), 'y');
  await symlink(join(dir, 'other.png'), join(dir, 'z-link.png'));
  const { files, notes } = await expandInputs([dir]);
  assert.deepEqual(files.map((f) => f.name), ['link', 'other']);
  assert.equal(notes.length, 2, notes.join('\n'));
});

test('symbolic-link loops under -r: every file once, loops skipped with a note, no hang', async () => {
  const { mkdtemp, mkdir, symlink, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { expandInputs } = await import('../../src/cli/expand-inputs.js');
  const dir = await mkdtemp(join(tmpdir(), 'semseg-loops-'));
  await mkdir(join(dir, 'a', 'b'), { recursive: true });
  await writeFile(join(dir, 'top.png'), 'x');
  await writeFile(join(dir, 'a', 'b', 'deep.png'), 'x');
  await symlink('.', join(dir, 'self'));
  await symlink('..', join(dir, 'a', 'up'));
  await symlink(join(dir, 'a'), join(dir, 'a', 'b', 'again'));
  const { files, notes } = await expandInputs([dir], true);
  assert.deepEqual(files.map((f) => f.name).sort(), ['a/b/deep', 'top']);
  assert.equal(notes.length, 3, notes.join('\n'));
  assert.ok(notes.every((n) => /a link back to a folder already read/.test(n)));
});
