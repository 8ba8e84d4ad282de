/**
 * Parity of semseg's `person` model (TFLite -> ONNX importer + onnxruntime-node) against MediaPipe's own runtime
 * (@mediapipe/tasks-vision ImageSegmenter, CPU delegate, in headless Chromium) on identical RGB pixels.
 *
 *   npx tsc -p . && node tools/parity/person/parity.mjs
 *
 * Writes tools/parity/person/result.json. Needs /usr/bin/chromium (apt-get install -y chromium) and
 * python3-matplotlib (for grace_hopper.jpg). Files are served on 127.0.0.1 only, and the page's requests to any
 * other host (tasks-vision's usage logging) are aborted.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { chromium } from 'playwright-core';
import { importTflite } from '../../../dist/src/models/tflite/import.js';
import { modelMetadata, withMetadata } from './add-metadata.mjs';
import { parityImages } from './images.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
/** The folder of an installed package (some packages do not export their package.json). */
function packageRoot(name) {
  for (let dir = dirname(require.resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === name) return dir;
  }
  throw new Error(`package ${name} not found`);
}
const selfieDir = packageRoot('@mediapipe/selfie_segmentation');
const tasksDir = packageRoot('@mediapipe/tasks-vision');
const CHROMIUM = '/usr/bin/chromium';
const TARGETS = { meanAbsDiff: 1e-4, maxAbsDiff: 1e-2, identicalAtHalf: 0.999 };
const MODELS = [
  { variant: 'square', file: 'selfie_segmentation.tflite', width: 256, height: 256 },
  { variant: 'landscape', file: 'selfie_segmentation_landscape.tflite', width: 256, height: 144 },
];

async function runOnnx(onnx, images) {
  const session = await ort.InferenceSession.create(onnx);
  const outputs = [];
  for (const { rgb, width, height } of images) {
    const plane = width * height;
    const input = new Float32Array(3 * plane);
    for (let i = 0; i < plane; i += 1) for (let c = 0; c < 3; c += 1) input[c * plane + i] = rgb[3 * i + c] / 255;
    const result = await session.run({ input: new ort.Tensor('float32', input, [1, 3, height, width]) });
    outputs.push(result.output.data);
  }
  await session.release();
  return outputs;
}

const CONTENT_TYPES = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };

/** Serves the page, the runner, tasks-vision and the models (with metadata) on 127.0.0.1. */
function startServer(models) {
  const files = (root, path) => {
    const full = resolve(root, `.${path}`);
    return full.startsWith(root + sep) ? readFileSync(full) : undefined;
  };
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://127.0.0.1').pathname;
    let body;
    if (path === '/') body = '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>parity</title>';
    else if (path === '/browser-segment.mjs') body = readFileSync(join(here, 'browser-segment.mjs'));
    else if (path.startsWith('/tasks-vision/')) body = files(tasksDir, path.slice('/tasks-vision'.length));
    else if (path.startsWith('/models/')) body = models.get(path.slice('/models/'.length));
    if (!body) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(path)] ?? (path === '/' ? 'text/html' : 'application/octet-stream') });
    response.end(body);
  });
  return new Promise((ready) => server.listen(0, '127.0.0.1', () => ready(server)));
}

async function runMediapipe(baseUrl, modelUrl, images) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') process.stderr.write(`[browser] ${message.text()}\n`);
    });
    // Everything the page needs is local; tasks-vision's usage logging (odml.pa.googleapis.com) is cut off here.
    await page.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
    await page.goto(baseUrl);
    const payload = images.map(({ width, height, rgb }) => ({ width, height, rgb: Buffer.from(rgb).toString('base64') }));
    const results = await page.evaluate(
      async ({ modelUrl, payload }) => (await import('/browser-segment.mjs')).segmentAll(modelUrl, payload),
      { modelUrl, payload },
    );
    return { results, chromium: browser.version() };
  } finally {
    await browser.close();
  }
}

function compare(ours, theirs) {
  let sum = 0;
  let max = 0;
  let identical = 0;
  let foreground = 0;
  let uncertain = 0;
  for (let i = 0; i < ours.length; i += 1) {
    const diff = Math.abs(ours[i] - theirs[i]);
    sum += diff;
    max = Math.max(max, diff);
    if (ours[i] > 0.5 === theirs[i] > 0.5) identical += 1;
    if (ours[i] > 0.5) foreground += 1;
    if (ours[i] > 0.05 && ours[i] < 0.95) uncertain += 1;
  }
  return { pixels: ours.length, sumAbsDiff: sum, maxAbsDiff: max, identical, foreground, uncertain };
}

function summarise(stats) {
  const pixels = stats.reduce((n, s) => n + s.pixels, 0);
  const figures = {
    meanAbsDiff: stats.reduce((n, s) => n + s.sumAbsDiff, 0) / pixels,
    maxAbsDiff: Math.max(...stats.map((s) => s.maxAbsDiff)),
    identicalAtHalf: stats.reduce((n, s) => n + s.identical, 0) / pixels,
  };
  const pass =
    figures.meanAbsDiff <= TARGETS.meanAbsDiff && figures.maxAbsDiff <= TARGETS.maxAbsDiff && figures.identicalAtHalf >= TARGETS.identicalAtHalf;
  return { ...figures, pass };
}

async function main() {
  const served = new Map();
  for (const model of MODELS) {
    const tflite = new Uint8Array(readFileSync(join(selfieDir, model.file)));
    // MediaPipe Tasks feeds a float input only when metadata says how: (pixel - 0) / 255.
    served.set(`${model.variant}.tflite`, withMetadata(tflite, 'TFLITE_METADATA', modelMetadata({ name: model.file, mean: [0], std: [255] })));
  }
  const server = await startServer(served);
  const baseUrl = `http://127.0.0.1:${server.address().port}/`;
  const report = { command: 'npx tsc -p . && node tools/parity/person/parity.mjs', targets: TARGETS, models: [] };
  try {
    for (const model of MODELS) {
      const images = await parityImages({ width: model.width, height: model.height });
      const { onnx, report: importReport } = importTflite(new Uint8Array(readFileSync(join(selfieDir, model.file))));
      const ours = await runOnnx(onnx, images);
      const { results, chromium: chromiumVersion } = await runMediapipe(baseUrl, `/models/${model.variant}.tflite`, images);
      const perImage = images.map((image, index) => {
        const masks = results[index];
        // One mask per output channel: the model has one, the person probability.
        if (masks.length !== 1) throw new Error(`expected 1 confidence mask, got ${masks.length}`);
        const theirs = new Float32Array(Uint8Array.from(Buffer.from(masks[0].data, 'base64')).buffer);
        if (masks[0].width !== image.width || masks[0].height !== image.height) throw new Error(`mask size ${masks[0].width}x${masks[0].height}`);
        return { image, stats: compare(ours[index], theirs) };
      });
      report.chromium = chromiumVersion;
      report.models.push({
        variant: model.variant,
        file: model.file,
        input: `${model.width}x${model.height} RGB, pixel / 255`,
        onnxNodes: importReport.nodes,
        ...summarise(perImage.map((entry) => entry.stats)),
        images: perImage.map(({ image, stats }) => ({
          name: image.name,
          crop: image.crop,
          meanAbsDiff: stats.sumAbsDiff / stats.pixels,
          maxAbsDiff: stats.maxAbsDiff,
          identicalAtHalf: stats.identical / stats.pixels,
          personFraction: stats.foreground / stats.pixels,
          // Pixels with a probability between 0.05 and 0.95: where a threshold at 0.5 is sensitive.
          uncertainFraction: stats.uncertain / stats.pixels,
        })),
      });
    }
  } finally {
    server.close();
  }
  const version = (name) => JSON.parse(readFileSync(join(packageRoot(name), 'package.json'), 'utf8')).version;
  report.versions = {
    node: process.version,
    '@mediapipe/selfie_segmentation': version('@mediapipe/selfie_segmentation'),
    '@mediapipe/tasks-vision': version('@mediapipe/tasks-vision'),
    'onnxruntime-node': version('onnxruntime-node'),
  };
  writeFileSync(join(here, 'result.json'), `${JSON.stringify(report, null, 2)}\n`);
  for (const model of report.models) {
    console.log(`${model.variant}: mean |diff| ${model.meanAbsDiff.toExponential(2)}, max ${model.maxAbsDiff.toExponential(2)}, identical@0.5 ${(100 * model.identicalAtHalf).toFixed(4)} % -> ${model.pass ? 'PASS' : 'FAIL'}`);
  }
  if (!report.models.every((model) => model.pass)) process.exitCode = 1;
}

await main();
