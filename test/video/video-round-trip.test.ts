import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { runInProcess } from '../helpers/cli-io.js';
import { needsCamvid } from '../helpers/paths.js';
import { camvidFrames, makeCamvidClip, needsFfmpeg, probeFrames } from '../helpers/ffmpeg.js';
import { openVideo } from '../../src/video/frame-reader.js';

const FRAMES = 8;
const needs = { ...needsCamvid(), ...needsFfmpeg() };
const csvRows = (text: string) => text.trim().split('\n');

async function clip(): Promise<{ dir: string; path: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-video-'));
  const path = join(dir, 'clip.mp4');
  makeCamvidClip(path, FRAMES);
  return { dir, path };
}

test('the frame reader gives every frame of the clip at its size, as ffmpeg decodes them', needs, async () => {
  const { path } = await clip();
  const source = await openVideo(path);
  assert.deepEqual([source.info.width, source.info.height, source.fps], [96, 72, 5]);
  let count = 0;
  for await (const frame of source.frames()) {
    assert.equal(frame.data.length, 96 * 72 * 3);
    assert.equal(frame.meta?.frameIndex, count);
    count++;
  }
  assert.equal(count, FRAMES);
});

test('semseg predict clip.mp4 writes an overlay video of the same frames and size, a CSV row per frame and label PNGs; smoothing lowers flicker', needs, async () => {
  const { dir, path } = await clip();
  const out = join(dir, 'out');
  const result = await runInProcess(['predict', path, '--smooth', '0.6', '--frames', '--workers', '1', '-o', out]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(probeFrames(join(out, 'clip.overlay.mp4')), { width: 96, height: 72, frames: FRAMES });
  const rows = csvRows(await readFile(join(out, 'clip.frames.csv'), 'utf8'));
  assert.equal(rows.length, FRAMES + 1);
  assert.match(rows[0], /^frame,seconds,changed_share,changed_share_unsmoothed,mean_confidence,share_sky,/);
  assert.equal(rows[1].split(',').length, 5 + 11);
  const labels = (await readdir(join(out, 'clip.frames'))).filter((f) => f.endsWith('.labels.png'));
  assert.equal(labels.length, FRAMES);
  const meta = await sharp(join(out, 'clip.frames', labels[0])).metadata();
  assert.deepEqual([meta.width, meta.height, meta.channels], [96, 72, 1]);
  const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
  const { flicker, frames } = summary.results[0];
  assert.equal(frames, FRAMES);
  assert.equal(flicker.transitions, FRAMES - 1);
  assert.ok(flicker.smoothed < flicker.raw, `smoothed ${flicker.smoothed} vs raw ${flicker.raw}`);
  // The CSV's per-frame changes average to the summary's figures.
  const mean = (column: number) => rows.slice(2).reduce((s, r) => s + Number(r.split(',')[column]), 0) / (FRAMES - 1);
  assert.ok(Math.abs(mean(2) - flicker.smoothed) < 1e-5);
  assert.ok(Math.abs(mean(3) - flicker.raw) < 1e-5);
});

test('a frame folder with --sequence goes the same way; without --smooth both flicker figures agree', needs, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-frames-'));
  const frames = join(dir, 'frames');
  await mkdir(frames);
  // Numbered 1..10 so that name order and number order differ (frame10 after frame9).
  for (const [i, f] of camvidFrames(4).entries()) await sharp(f).resize(64, 48).png().toFile(join(frames, `frame${i * 3 + 1}.png`));
  const out = join(dir, 'out');
  const result = await runInProcess(['predict', frames, '--sequence', '--fps', '2', '--workers', '1', '-o', out]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(probeFrames(join(out, 'frames.overlay.mp4')), { width: 64, height: 48, frames: 4 });
  const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
  assert.equal(summary.results[0].flicker.raw, summary.results[0].flicker.smoothed);
  const rows = csvRows(await readFile(join(out, 'frames.frames.csv'), 'utf8'));
  assert.deepEqual(rows.slice(1).map((r) => r.split(',')[1]), ['0', '0.5', '1', '1.5']);
});

test('semseg background clip.mp4 writes the composited video with every frame', needs, async () => {
  const { dir, path } = await clip();
  const out = join(dir, 'out');
  const result = await runInProcess(['background', path, '-m', 'street', '--color', '#00ff00', '--smooth', '0.5', '--workers', '1', '-o', out]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(probeFrames(join(out, 'clip.background.mp4')), { width: 96, height: 72, frames: FRAMES });
  const rows = csvRows(await readFile(join(out, 'clip.frames.csv'), 'utf8'));
  assert.equal(rows.length, FRAMES + 1);
  assert.match(rows[0], /share_pedestrian$/);
});

test('without ffmpeg on the PATH a video input is one TOOL_MISSING error that says how to install it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-noffmpeg-'));
  const path = join(dir, 'clip.mp4');
  await writeFile(path, 'not looked at: the tool check comes first');
  const saved = process.env.PATH;
  process.env.PATH = join(dir, 'empty-bin');
  try {
    const predicted = await runInProcess(['predict', path, '--workers', '1', '-o', join(dir, 'out')]);
    assert.equal(predicted.code, 2);
    assert.match(predicted.stderr, /Expected ffmpeg \(ffmpeg\) for video input and output but it was not found \(install Debian's package: apt-get install ffmpeg\) \[TOOL_MISSING\]/);
    const background = await runInProcess(['background', path, '--workers', '1', '-o', join(dir, 'out2')]);
    assert.equal(background.code, 2);
    assert.match(background.stderr, /\[TOOL_MISSING\]/);
  } finally {
    process.env.PATH = saved;
  }
});

test('a file that is not a video fails alone with DECODE_FAILED, the other clip is written; images and videos do not mix', needs, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-badclip-'));
  const good = join(dir, 'good.mp4');
  makeCamvidClip(good, 3, 32, 24);
  const bad = join(dir, 'bad.mp4');
  await writeFile(bad, 'plain text, not a video');
  const out = join(dir, 'out');
  const result = await runInProcess(['predict', bad, good, '--workers', '1', '-o', out]);
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /bad\.mp4: Expected a video file for input but ffprobe could not read .*\[DECODE_FAILED\]/);
  assert.deepEqual(probeFrames(join(out, 'good.overlay.mp4')), { width: 32, height: 24, frames: 3 });
  const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
  assert.deepEqual(summary.results.map((r: { ok: boolean }) => r.ok), [false, true]);
  assert.ok(!(await readdir(out)).some((f) => f.startsWith('bad.') || f.startsWith('.semseg-')));
  const image = join(dir, 'frame.png');
  await sharp(camvidFrames(1)[0]).resize(32, 24).toFile(image);
  const mixed = await runInProcess(['predict', good, image, '--workers', '1', '-o', out]);
  assert.equal(mixed.code, 2);
  assert.match(mixed.stderr, /only videos .* or only images among the inputs but received both/);
});
