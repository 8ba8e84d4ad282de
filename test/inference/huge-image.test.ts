/**
 * Region reading on moderately large images (3000x2000 and 3000x6000): the streamed path gives the labels of whole
 * mode with a pointwise model, and its memory is bounded and does not grow with the image's height. Streamed runs
 * happen in child processes (this file, with SEMSEG_STREAM_CHILD set) so that their resident set sizes are not
 * mixed with the parent's whole-image run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { decodeImage } from '../../src/io/decode.js';
import { segment } from '../../src/inference/segment.js';
import { resolveInference } from '../../src/inference/options.js';
import { segmentRows, type LabelStrip } from '../../src/inference/segment-rows.js';
import { gridCount } from '../../src/inference/window-plan.js';
import { openImageRegions } from '../../src/io/region-reader.js';
import { openPngStripWriter } from '../../src/formats/png-stream.js';
import { fileSink } from '../../src/io/file-sink.js';
import { fixtureModel } from './helpers.js';

const W = 3000;
const CLASSES = 5;
/**
 * Measured here: ~115 MB at 3000x2000 (scores band 15 MB, chunk 4 MB, libvips, the PNG writer, V8 and allocator
 * slack) and ~20 MB more at 3000x6000. Whole mode would add 138 MB, and 276 MB more for the taller image.
 */
const MAX_GROWTH_MB = 160;
const MAX_EXTRA_MB = 60;

interface ChildArgs {
  image: string;
  labels: string;
}

interface ChildReport {
  baselineMb: number;
  peakMb: number;
  windows: number;
}

/** Streams `image` with 256x256 windows from 4 MB chunks into a label PNG, sampling the resident set size. */
async function childMain(args: ChildArgs): Promise<void> {
  const model = await fixtureModel('pointwise');
  let peak = 0;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
  // warm up: onnxruntime's arenas for a window-sized input belong to the baseline, not to the growth
  await segment(model, { data: new Uint8Array(256 * 256 * 3), width: 256, height: 256, channels: 3 });
  const baseline = process.memoryUsage().rss;
  const source = await openImageRegions(args.image, { chunkBytes: 4 * 2 ** 20 });
  const plan = resolveInference(model.card, source.width, source.height, { crop: { width: 256, height: 256 }, stride: { width: 192, height: 192 } }, true);
  const writer = openPngStripWriter(fileSink(args.labels), { width: source.width, height: source.height });
  let windows = 0;
  const sink = async (strip: LabelStrip) => {
    await writer.write(strip.labels, strip.rows);
    sample();
  };
  await segmentRows(model, source, plan, sink, {
    confidence: false,
    onProgress: (done) => ((windows = done), sample()),
  });
  await writer.close();
  await model.dispose();
  const report: ChildReport = { baselineMb: baseline / 2 ** 20, peakMb: peak / 2 ** 20, windows };
  process.stdout.write(JSON.stringify(report));
}

function runChild(args: ChildArgs): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], { env: { ...process.env, SEMSEG_STREAM_CHILD: JSON.stringify(args) }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as ChildReport) : reject(new Error(`child exited with ${code}`))));
  });
}

/** Smooth colour fields, so the labels change across the image and the PNG stays small. */
async function makeImage(path: string, H: number): Promise<void> {
  const data = new Uint8Array(W * H * 3);
  for (let y = 0, i = 0; y < H; y++) {
    for (let x = 0; x < W; x++, i += 3) {
      data[i] = 128 + 127 * Math.sin(x / 97);
      data[i + 1] = 128 + 127 * Math.cos(y / 61);
      data[i + 2] = (x + y) % 256;
    }
  }
  await sharp(data, { raw: { width: W, height: H, channels: 3 } }).png().toFile(path);
}

if (process.env.SEMSEG_STREAM_CHILD) {
  await childMain(JSON.parse(process.env.SEMSEG_STREAM_CHILD));
} else {
  test('a 3000x2000 image read region by region gives the labels of whole mode; memory does not grow with height', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'semseg-huge-'));
    const growth: number[] = [];
    for (const H of [2000, 6000]) {
      const image = join(dir, `${W}x${H}.png`);
      await makeImage(image, H);
      const report = await runChild({ image, labels: join(dir, `${W}x${H}.labels.png`) });
      assert.equal(report.windows, gridCount(W, 256, 192) * gridCount(H, 256, 192));
      growth.push(report.peakMb - report.baselineMb);
    }
    assert.ok(growth[0] < MAX_GROWTH_MB, `resident set grew by ${growth[0].toFixed(1)} MB at 3000x2000 (bound ${MAX_GROWTH_MB} MB)`);
    assert.ok(growth[1] - growth[0] < MAX_EXTRA_MB, `3x the height cost ${(growth[1] - growth[0]).toFixed(1)} MB more (bound ${MAX_EXTRA_MB} MB)`);

    const model = await fixtureModel('pointwise');
    try {
      const whole = await segment(model, await decodeImage(join(dir, `${W}x2000.png`)), { mode: 'whole', confidence: false });
      const streamed = await sharp(join(dir, `${W}x2000.labels.png`)).extractChannel(0).raw().toBuffer();
      assert.equal(streamed.length, W * 2000);
      let differ = 0;
      for (let i = 0; i < streamed.length; i++) if (streamed[i] !== whole.labels[i]) differ++;
      assert.equal(differ, 0);
      assert.equal(whole.classes.length, CLASSES);
      assert.ok(new Set(whole.labels).size >= 3, 'several classes present');
    } finally {
      await model.dispose();
    }
  });
}
