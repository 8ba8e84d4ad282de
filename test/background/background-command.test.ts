import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { runInProcess } from '../helpers/cli-io.js';
import { repoRoot } from '../helpers/paths.js';

const sample = join(repoRoot, 'samples', 'grace_hopper.jpg');

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'semseg-background-'));
}

async function rawOf(path: string) {
  return sharp(path).removeAlpha().raw().toBuffer({ resolveWithObject: true });
}

test('semseg background --color paints the background: where the matte is 0 the output is the colour, where 1 the photo', async () => {
  const out = await tempDir();
  const result = await runInProcess(['background', sample, '--color', '#00ff00', '--matte', '--feather', '0', '--workers', '1', '-o', out]);
  assert.equal(result.code, 0, result.stderr);
  const composed = await rawOf(join(out, 'grace_hopper.background.png'));
  const matte = await sharp(join(out, 'grace_hopper.matte.png')).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  const photo = await rawOf(sample);
  assert.equal(composed.info.width, photo.info.width);
  assert.equal(matte.info.width, photo.info.width);
  let person = 0;
  let back = 0;
  for (let i = 0; i < matte.data.length; i++) {
    const a = matte.data[i];
    const o = i * composed.info.channels;
    const p = i * photo.info.channels;
    if (a === 0) {
      back++;
      assert.deepEqual([composed.data[o], composed.data[o + 1], composed.data[o + 2]], [0, 255, 0]);
    } else if (a === 255) {
      person++;
      // The photo was decoded once by sharp here and once in the command: the same decoder, the same bytes.
      for (let k = 0; k < 3; k++) assert.ok(Math.abs(composed.data[o + k] - photo.data[p + k]) <= 1);
    }
  }
  // A portrait: both the person and the background cover a good part of the picture.
  const pixels = matte.data.length;
  assert.ok(person / pixels > 0.15 && back / pixels > 0.1, `person ${person / pixels}, background ${back / pixels}`);
  const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
  assert.equal(summary.results[0].ok, true);
});

test('semseg background --replace and --blur write JPEGs; refinement changes the matte but not its size', async () => {
  const out = await tempDir();
  const backdrop = join(out, 'backdrop.png');
  await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 0, g: 0, b: 255 } } }).png().toFile(backdrop);
  const replaced = await runInProcess(['background', sample, '--replace', backdrop, '--format', 'jpeg', '--workers', '1', '-o', join(out, 'a')]);
  assert.equal(replaced.code, 0, replaced.stderr);
  const meta = await sharp(join(out, 'a', 'grace_hopper.background.jpg')).metadata();
  const source = await sharp(sample).metadata();
  assert.equal(meta.format, 'jpeg');
  assert.deepEqual([meta.width, meta.height], [source.width, source.height]);
  const plain = await runInProcess(['background', sample, '--blur', '6', '--matte', '--workers', '1', '-o', join(out, 'b')]);
  const guided = await runInProcess(['background', sample, '--blur', '6', '--matte', '--refine', 'guided', '--workers', '1', '-o', join(out, 'c')]);
  assert.equal(plain.code, 0, plain.stderr);
  assert.equal(guided.code, 0, guided.stderr);
  const a = await readFile(join(out, 'b', 'grace_hopper.matte.png'));
  const b = await readFile(join(out, 'c', 'grace_hopper.matte.png'));
  assert.notDeepEqual(a, b);
});

test('semseg background refuses two backdrops, a bad colour, an unreadable replacement and a model without a person class', async () => {
  const out = await tempDir();
  const two = await runInProcess(['background', sample, '--blur', '3', '--color', '#000000', '-o', out]);
  assert.equal(two.code, 2);
  assert.match(two.stderr, /Expected one of --blur, --replace, --color but received --blur and --color/);
  const colour = await runInProcess(['background', sample, '--color', 'green', '-o', out]);
  assert.equal(colour.code, 2);
  assert.match(colour.stderr, /#rrggbb for --color/);
  const replace = await runInProcess(['background', sample, '--replace', join(out, 'missing.png'), '-o', out]);
  assert.equal(replace.code, 2);
  assert.match(replace.stderr, /readable image for --replace.*\[DECODE_FAILED\]/);
  const membrane = await runInProcess(['background', sample, '-m', 'membrane', '--workers', '1', '-o', out]);
  assert.equal(membrane.code, 2);
  assert.match(membrane.stderr, /person or pedestrian class in model membrane.*--foreground/);
  const unknown = await runInProcess(['background', sample, '-m', 'street', '--foreground', 'dragon', '--workers', '1', '-o', out]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /for --foreground but received "dragon"/);
});
