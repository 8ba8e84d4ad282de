import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, lstat, symlink, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths.js';
import { runInProcess } from '../helpers/cli-io.js';
import { nameInputs, safeStem } from '../../src/cli/output-names.js';

const sample = join(repoRoot, 'samples', 'camvid-0001TP_008550.png');

async function workspace(): Promise<{ dir: string; inputs: string; out: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-safety-'));
  const inputs = join(dir, 'in');
  await mkdir(inputs);
  return { dir, inputs, out: join(dir, 'out') };
}

test('dot-only, control-character and over-long names stay inside the output folder', async () => {
  const { dir, inputs, out } = await workspace();
  const long = `${'x'.repeat(250)}.png`; // fits as an input, too long with an output ending
  for (const name of ['...png', '..png', 'new\nline.png', long]) await copyFile(sample, join(inputs, name));
  const result = await runInProcess(['predict', inputs, '--out', out, '--outputs', 'labels,json', '--workers', '1', '--no-progress']);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual((await readdir(dir)).sort(), ['in', 'out'], 'nothing written beside the output folder');
  const written = (await readdir(out)).sort();
  assert.ok(written.includes('_...labels.png') && written.includes('_..labels.png'), written.join(' '));
  assert.ok(written.includes('new_line.labels.png'));
  const shortened = written.find((n) => n.startsWith('xxx') && n.endsWith('.labels.png'))!;
  assert.ok(Buffer.byteLength(shortened) <= 255 && /-[0-9a-f]{10}\.labels\.png$/.test(shortened), shortened);
  assert.equal(written.filter((n) => n.endsWith('.labels.png')).length, 4);
  assert.equal(safeStem('a/../b'), 'a/_../b');
  assert.equal(safeStem(''), '_');
});

test('a newline in a file name cannot forge a line of output', async () => {
  const { inputs, out } = await workspace();
  await writeFile(join(inputs, 'bad\nerror: forged.png'), 'not an image');
  const result = await runInProcess(['predict', inputs, '--out', out, '--workers', '1', '--no-progress']);
  assert.equal(result.code, 1);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0], /^error: .*bad\\x0aerror: forged\.png: .*\[DECODE_FAILED\]$/);
});

test('writes replace symbolic links in the output folder instead of writing through them', async () => {
  const { dir, inputs, out } = await workspace();
  await copyFile(sample, join(inputs, 'x.png'));
  await mkdir(out);
  const victim = join(dir, 'victim.txt');
  await writeFile(victim, 'keep me');
  await symlink(victim, join(out, 'x.labels.png'));
  await symlink(victim, join(out, 'summary.json'));
  const result = await runInProcess(['predict', inputs, '--out', out, '--outputs', 'labels', '--workers', '1', '--no-progress']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(await readFile(victim, 'utf8'), 'keep me');
  assert.ok((await lstat(join(out, 'x.labels.png'))).isFile());
  assert.ok((await lstat(join(out, 'summary.json'))).isFile());
  assert.ok(!(await readdir(out)).some((n) => n.startsWith('.semseg-')), 'no temporary file remains');
});

test('an input named summary keeps the run summary intact', async () => {
  const { inputs, out } = await workspace();
  await copyFile(sample, join(inputs, 'summary.png'));
  const result = await runInProcess(['predict', inputs, '--out', out, '--outputs', 'json', '--workers', '1', '--no-progress']);
  assert.equal(result.code, 0, result.stderr);
  const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
  assert.equal(summary.images, 1);
  const image = JSON.parse(await readFile(join(out, 'summary-2.json'), 'utf8'));
  assert.equal(image.width, 480);
  assert.deepEqual(nameInputs([{ path: 'a/Summary.png' }, { path: 'b/x.png' }, { path: 'c/X.png' }]).map((n) => n.name), ['Summary-2', 'x', 'X-2']);
});

test('--out that is a file, or has a file in its path, is one line and exit 2 before any work', async () => {
  const { dir, inputs } = await workspace();
  await copyFile(sample, join(inputs, 'x.png'));
  const file = join(dir, 'file.txt');
  await writeFile(file, 'x');
  for (const out of [file, join(file, 'sub')]) {
    const result = await runInProcess(['predict', inputs, '--out', out, '--model', join(dir, 'no-such-model')]);
    assert.equal(result.code, 2);
    // The folder is checked before the model is even looked up.
    assert.match(result.stderr, /^error: Expected a writable folder for --out but .* (is a file|has a file in its path) \[OUTPUT_FAILED\]\n$/);
  }
});
