import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { encodeSingleChannelPng } from '../../src/formats/png.js';
import { parseQualityProfile } from '../../src/monitoring/profile-schema.js';
import { runInProcess } from '../helpers/cli-io.js';
import { inferenceFixtures, randomImage } from '../inference/helpers.js';

const conv3 = join(inferenceFixtures, 'conv3.onnx');

async function images(dir: string, count: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const { data, width, height } = randomImage(24 + i, 18, i + 1);
    await sharp(data, { raw: { width, height, channels: 3 } }).png().toFile(join(dir, `img${String(i).padStart(2, '0')}.png`));
  }
}

test('semseg profile: one line per image that fails, the others make a valid profile (exit 1)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-profile-cli-'));
  await images(join(dir, 'in'), 12);
  await writeFile(join(dir, 'in', 'broken.png'), 'not an image');
  const out = join(dir, 'profiles', 'ref.json');
  const result = await runInProcess(['profile', join(dir, 'in'), '--model', conv3, '--out', out, '--workers', '1', '--bins', '3', '--low-confidence', '0.4']);
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /^error: .*broken\.png: Expected a decodable image .* \[DECODE_FAILED\]$/m);
  assert.match(result.stdout, /^quality profile of model conv3 1: 12 image\(s\), 3 bins -> .*ref\.json$/m);
  assert.match(result.stdout, /^12 image\(s\) profiled, 1 failed in [\d.]+ s$/m);
  const profile = parseQualityProfile(JSON.parse(await readFile(out, 'utf8')));
  assert.equal(profile.images, 12);
  assert.equal(profile.bins, 3);
  assert.equal(profile.lowConfidenceThreshold, 0.4);
  assert.deepEqual(profile.classes.map((c) => c.name), ['class0', 'class1', 'class2', 'class3']);
  assert.ok(profile.confidence && profile.entropy && profile.lowConfidence);
});

test('semseg profile refuses too few images (exit 2, nothing written) and a folder as --out', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-profile-cli-'));
  await images(join(dir, 'in'), 3);
  const few = await runInProcess(['profile', join(dir, 'in'), '--model', conv3, '--out', join(dir, 'ref.json'), '--workers', '1']);
  assert.equal(few.code, 2);
  assert.match(few.stderr, /^error: Expected at least 10 images for the reference profile but received 3 \[INVALID_ARGUMENT\]$/m);
  await assert.rejects(readFile(join(dir, 'ref.json')));
  const folder = await runInProcess(['profile', join(dir, 'in'), '--model', conv3, '--out', join(dir, 'in')]);
  assert.equal(folder.code, 2);
  assert.match(folder.stderr, /Expected a file name for --out but .* is a folder/);
  const bins = await runInProcess(['profile', join(dir, 'in'), '--bins', '1']);
  assert.equal(bins.code, 2);
  assert.match(bins.stderr, /Expected an integer from 2 to 100 for --bins but received "1"/);
});

test('semseg eval --save-profile records the profile of the evaluated predictions', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-eval-profile-'));
  await images(join(dir, 'images'), 10);
  await mkdir(join(dir, 'labels'));
  for (let i = 0; i < 10; i++) {
    const samples = Uint8Array.from({ length: (24 + i) * 18 }, (_, p) => p % 4);
    await writeFile(join(dir, 'labels', `img${String(i).padStart(2, '0')}.png`), encodeSingleChannelPng({ width: 24 + i, height: 18, samples }));
  }
  const card = join(inferenceFixtures, 'conv3.card.json');
  const path = join(dir, 'ref.json');
  const args = ['eval', '--model', conv3, '--dataset', `folder:${dir}`, '--images', 'images', '--labels', 'labels', '--classes', card, '--out', join(dir, 'out'), '--report', 'json', '--workers', '1', '--bootstrap', '0'];
  const result = await runInProcess([...args, '--save-profile', path]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^quality profile of model conv3 1: 10 image\(s\), 2 bins -> .*ref\.json$/m);
  const profile = parseQualityProfile(JSON.parse(await readFile(path, 'utf8')));
  assert.equal(profile.images, 10);
  assert.match(profile.source!, /^semseg eval: /);
  const pred = await runInProcess(['eval', '--pred', join(dir, 'labels'), '--gt', join(dir, 'labels'), '--classes', card, '--out', join(dir, 'out2'), '--report', 'json', '--save-profile', path]);
  assert.match(pred.stderr, /^warning: --save-profile has no effect with --pred \(no model is run\); ignored$/m);
});
