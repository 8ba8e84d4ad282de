import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { runCli } from '../helpers/run-cli.js';
import { camvidRoot, needsCamvid } from '../helpers/paths.js';

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'semseg-predict-'));
}

/** Odd but valid images and broken files, all generated here. */
async function makeInputs(dir: string): Promise<{ good: string[]; bad: string[] }> {
  const rgb = Buffer.alloc(64 * 48 * 3);
  for (let i = 0; i < rgb.length; i++) rgb[i] = (i * 37) % 256;
  const raw = { raw: { width: 64, height: 48, channels: 3 as const } };
  await sharp(rgb, raw).png().toFile(join(dir, 'rgb.png'));
  await sharp(rgb, raw).grayscale().toColourspace('b-w').png().toFile(join(dir, 'grey.png'));
  await sharp(rgb, raw).ensureAlpha(0.5).png().toFile(join(dir, 'alpha.png'));
  await sharp(rgb, raw).toColourspace('rgb16').png().toFile(join(dir, 'sixteen.png'));
  await sharp(rgb, raw).toColourspace('cmyk').jpeg().toFile(join(dir, 'cmyk.jpg'));
  const jpeg = await sharp(rgb, raw).jpeg().toBuffer();
  await writeFile(join(dir, 'truncated.jpg'), jpeg.subarray(0, jpeg.length >> 1));
  await writeFile(join(dir, 'corrupt.png'), Buffer.from('\x89PNG\r\n\x1a\n this is not really a png'));
  await writeFile(join(dir, 'notes.jpg'), 'plain text, not an image');
  await writeFile(join(dir, 'empty.png'), Buffer.alloc(0));
  return {
    good: ['rgb.png', 'grey.png', 'alpha.png', 'sixteen.png', 'cmyk.jpg'],
    bad: ['truncated.jpg', 'corrupt.png', 'notes.jpg', 'empty.png'],
  };
}

test('odd images are handled, broken files get one line each, the batch goes on, exit code 1', async () => {
  const dir = await tempDir();
  const out = join(dir, 'out');
  const { good, bad } = await makeInputs(dir);
  const result = await runCli(['predict', dir, '--out', out, '--workers', '1', '--outputs', 'labels,color,overlay,json,confidence']);
  assert.equal(result.code, 1, result.stderr);
  for (const name of bad) assert.match(result.stderr, new RegExp(`error: .*${name.replace('.', '\\.')}: Expected`), `no line for ${name}`);
  assert.equal(result.stderr.trim().split('\n').filter((l) => l.startsWith('error:')).length, bad.length);
  const written = await readdir(out);
  for (const name of good) {
    const stem = name.replace(/\.[^.]+$/, '');
    for (const suffix of ['.labels.png', '.color.png', '.overlay.jpg', '.json', '.confidence.png']) assert.ok(written.includes(stem + suffix), `${stem}${suffix} missing`);
    const path = join(out, `${stem}.labels.png`);
    const meta = await sharp(path).metadata();
    assert.deepEqual([meta.width, meta.height, meta.channels, meta.depth], [64, 48, 1, 'uchar']);
    const labels = await sharp(path).extractChannel(0).raw().toBuffer();
    assert.ok(Math.max(...labels) <= 10);
  }
  const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
  assert.equal(summary.images, good.length + bad.length);
  assert.equal(summary.failed, bad.length);
  assert.match(result.stdout, /9 image\(s\): 5 written, 4 failed/);
});

test('too many pixels is a clear per-image error', async () => {
  const dir = await tempDir();
  await sharp({ create: { width: 100, height: 100, channels: 3, background: '#808080' } }).png().toFile(join(dir, 'big.png'));
  const result = await runCli(['predict', join(dir, 'big.png'), '--out', join(dir, 'out'), '--max-pixels', '5000', '--workers', '1']);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /Expected at most 5000 pixels/);
});

test('usage errors exit with 2 and say what was expected', async () => {
  const bad = await runCli(['predict', 'x.png', '--opacity', '3']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /Expected a number from 0 to 1 for --opacity but received "3"/);
  const outputs = await runCli(['predict', 'x.png', '--outputs', 'labels,mask']);
  assert.equal(outputs.code, 2);
  assert.match(outputs.stderr, /--outputs/);
  const nothing = await runCli(['predict', 'no/such/*.png']);
  assert.equal(nothing.code, 2);
  assert.match(nothing.stderr, /nothing matches/);
  const model = await runCli(['predict', 'x.png', '--model', 'nope']);
  assert.equal(model.code, 2);
  const unknown = await runCli(['frobnicate']);
  assert.equal(unknown.code, 2);
});

test('CamVid frames: labels, colours and statistics for every image, mostly sensible classes', needsCamvid(), async () => {
  const dir = await tempDir();
  const names = ['0001TP_008550.png', 'Seq05VD_f02370.png', 'Seq05VD_f04110.png'];
  for (const n of names) await copyFile(join(camvidRoot, 'test', n), join(dir, n));
  const out = join(dir, 'out');
  const result = await runCli(['predict', join(dir, '*.png'), '--out', out, '--workers', '1']);
  assert.equal(result.code, 0, result.stderr);
  for (const n of names) {
    const stem = n.replace('.png', '');
    const stats = JSON.parse(await readFile(join(out, `${stem}.json`), 'utf8'));
    assert.equal(stats.width, 480);
    assert.equal(stats.height, 360);
    const share = (name: string) => stats.classes.find((c: { name: string }) => c.name === name).share;
    // every CamVid street frame shows road; a trained model finds it
    assert.ok(share('road') > 0.1, `road share ${share('road')} in ${n}`);
  }
});
