import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { cliPath, repoRoot } from '../helpers/paths.js';

const sample = join(repoRoot, 'samples', 'camvid-0001TP_008550.png');

async function interrupted(signal: 'SIGINT' | 'SIGTERM'): Promise<{ code: number | null; stderr: string; out: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-interrupt-'));
  const inputs = join(dir, 'in');
  await mkdir(inputs);
  for (let i = 0; i < 60; i++) await copyFile(sample, join(inputs, `frame-${String(i).padStart(2, '0')}.png`));
  const out = join(dir, 'out');
  const child = spawn(process.execPath, [cliPath, 'predict', inputs, '--out', out, '--outputs', 'labels,color,json', '--workers', '1', '--no-progress'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.resume();
  // Interrupt once some images are written: poll the output folder.
  const started = Date.now();
  while (Date.now() - started < 120_000) {
    const names = await readdir(out).catch(() => [] as string[]);
    if (names.filter((n) => n.endsWith('.json')).length >= 2) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill(signal);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  return { code, stderr, out };
}

for (const [signal, exit] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  test(`${signal}: stops taking images, writes summary.json with what finished, exit ${exit}, no partial file`, async () => {
    const { code, stderr, out } = await interrupted(signal);
    assert.equal(code, exit, stderr);
    assert.match(stderr, new RegExp(`^interrupted \\(${signal}\\): \\d+ of 60 image\\(s\\) finished, summary.json lists them$`, 'm'));
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    assert.equal(summary.interrupted, true);
    assert.ok(summary.results.length >= 2 && summary.results.length < 60, `${summary.results.length} finished`);
    assert.equal(summary.results.length + summary.unfinished, 60);
    const names = await readdir(out);
    assert.ok(!names.some((n) => n.startsWith('.semseg-')), 'no temporary file remains');
    // Every image that has outputs has all of them, complete.
    for (const r of summary.results) assert.equal(r.files.length, 3);
    const labels = names.filter((n) => n.endsWith('.labels.png'));
    assert.equal(labels.length, summary.results.length, 'only finished images have files');
    for (const name of labels) assert.equal(decode(await readFile(join(out, name))).width, 480, `${name} is a whole PNG`);
  });
}
