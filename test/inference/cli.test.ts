import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { parseSize, parseTta } from '../../src/cli/inference-flags.js';
import { runCli } from '../helpers/run-cli.js';
import { inferenceFixtures, randomImage } from './helpers.js';

const pointwise = join(inferenceFixtures, 'pointwise.onnx');

async function writeImage(path: string, width: number, height: number, seed: number): Promise<void> {
  const { data } = randomImage(width, height, seed);
  await sharp(data, { raw: { width, height, channels: 3 } }).png().toFile(path);
}

const labelsOf = async (path: string) => sharp(path).extractChannel(0).raw().toBuffer();

test('--crop/--stride and --tta syntax', () => {
  assert.deepEqual(parseSize('--crop')('512x384'), { width: 512, height: 384 });
  assert.deepEqual(parseSize('--crop')('256'), { width: 256, height: 256 });
  assert.throws(() => parseSize('--crop')('0x5'), /--crop/);
  assert.throws(() => parseSize('--crop')('wide'), /WxH/);
  assert.deepEqual(parseTta('flip'), { flip: true });
  assert.deepEqual(parseTta('0.75,1,1.25'), { scales: [0.75, 1, 1.25] });
  assert.deepEqual(parseTta('flip,scales=0.75,1,1.25'), { flip: true, scales: [0.75, 1, 1.25] });
  assert.throws(() => parseTta('flip,mirror'), /--tta/);
  assert.throws(() => parseTta('0'), /--tta/);
});

test('predict with sliding windows, blending, TTA and batches writes the same files as plain predict', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-cli-inference-'));
  for (let i = 0; i < 3; i++) await writeImage(join(dir, `img${i}.png`), 64, 48, i + 1);
  const flags = ['--model', pointwise, '--workers', '2', '--outputs', 'labels,json', '--no-progress'];
  const plain = await runCli(['predict', dir, '--out', join(dir, 'plain'), ...flags]);
  assert.equal(plain.code, 0, plain.stderr);
  const slid = await runCli(['predict', dir, '--out', join(dir, 'slid'), ...flags, '--mode', 'slide', '--crop', '24x16', '--stride', '16x12', '--blend', 'gaussian', '--batch', '3']);
  assert.equal(slid.code, 0, slid.stderr);
  for (let i = 0; i < 3; i++) assert.deepEqual(await labelsOf(join(dir, 'slid', `img${i}.labels.png`)), await labelsOf(join(dir, 'plain', `img${i}.labels.png`)));
  const tta = await runCli(['predict', dir, '--out', join(dir, 'tta'), ...flags, '--tta', 'flip,0.5,1']);
  assert.equal(tta.code, 0, tta.stderr);
  assert.equal((await readdir(join(dir, 'tta'))).filter((f) => f.endsWith('.labels.png')).length, 3);
});

test('--batch on a model with a fixed batch of 1 is a usage error', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-cli-inference-'));
  await writeImage(join(dir, 'a.png'), 16, 16, 3);
  const result = await runCli(['predict', join(dir, 'a.png'), '--model', join(inferenceFixtures, 'pointwise-batch1.onnx'), '--batch', '2', '--out', join(dir, 'out')]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /Expected a model with a dynamic batch dimension for batch 2/);
});

test('automatic sliding windows and region reading are announced; streamed outputs match in-memory ones', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-cli-inference-'));
  await writeImage(join(dir, 'wide.png'), 300, 100, 9);
  const card = JSON.parse(await readFile(join(inferenceFixtures, 'pointwise.card.json'), 'utf8'));
  await writeFile(join(dir, 'small-limit.card.json'), JSON.stringify({ ...card, inference: { wholeMaxPixels: 10000, crop: { width: 64, height: 64 } } }));
  const flags = ['--model', pointwise, '--card', join(dir, 'small-limit.card.json'), '--no-progress'];
  const auto = await runCli(['predict', join(dir, 'wide.png'), '--out', join(dir, 'auto'), ...flags]);
  assert.equal(auto.code, 0, auto.stderr);
  assert.match(auto.stderr, /note: .*wide\.png: slide: 300x100 is above the model's whole-image limit of 10000 pixels \(windows 64x64, stride 42x42\)/);
  const streamed = await runCli(['predict', join(dir, 'wide.png'), '--out', join(dir, 'streamed'), ...flags, '--stream-above', '1000', '--outputs', 'labels,color,overlay,confidence,json']);
  assert.equal(streamed.code, 0, streamed.stderr);
  assert.match(streamed.stderr, /note: .*wide\.png: 300x100, slide: the image is read region by region \(windows 64x64, stride 42x42\); not written: overlay/);
  const written = await readdir(join(dir, 'streamed'));
  assert.deepEqual(written.sort(), ['summary.json', 'wide.color.png', 'wide.confidence.png', 'wide.json', 'wide.labels.png']);
  assert.deepEqual(await labelsOf(join(dir, 'streamed', 'wide.labels.png')), await labelsOf(join(dir, 'auto', 'wide.labels.png')));
  const stats = JSON.parse(await readFile(join(dir, 'streamed', 'wide.json'), 'utf8'));
  const reference = JSON.parse(await readFile(join(dir, 'auto', 'wide.json'), 'utf8'));
  assert.deepEqual(stats.classes.map((c: { pixels: number }) => c.pixels), reference.classes.map((c: { pixels: number }) => c.pixels));
});
