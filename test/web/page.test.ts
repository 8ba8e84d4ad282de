/**
 * The web page in Chromium against a real server: overlay and legend (= the JSON API), in-browser inference (= the
 * server's labels), ground truth (= semseg eval), the headers. Screenshots go to dist/test-output/web/.
 */
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { camvidRoot, needsCamvid, repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { launch, needsBrowser, screenshot, segmented, startServer, watchOrigins, type PageServer } from './helpers.js';

const skip = needsBrowser().skip ?? needsCamvid().skip;
const frameId = '0001TP_008550';
const framePath = join(camvidRoot, 'test', `${frameId}.png`);
const truthPath = join(camvidRoot, 'testannot', `${frameId}.png`);

let served: PageServer;
let browser: Browser;
let page: Page;
let foreign: string[];

before(async () => {
  if (skip) return;
  served = await startServer();
  browser = await launch();
  page = await browser.newPage({ acceptDownloads: true, viewport: { width: 1280, height: 1000 } });
  foreign = watchOrigins(page, new URL(served.url).origin);
  await page.goto(served.url);
  await page.waitForSelector('body[data-started="true"]');
});

after(async () => {
  await browser?.close();
  await served?.server.close();
});

async function serverJson(model: string, outputs: string): Promise<{ classes: { id: number; share: number; pixels: number }[]; outputs?: Record<string, { base64: string }> }> {
  const response = await fetch(`${served.url}v1/segment?model=${model}&outputs=${outputs}`, { method: 'POST', body: await readFile(framePath) });
  assert.equal(response.status, 200);
  return (await response.json()) as never;
}

async function labelsOf(png: Buffer): Promise<Uint8Array> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const out = new Uint8Array(info.width * info.height);
  for (let i = 0; i < out.length; i++) out[i] = data[i * info.channels];
  return out;
}

async function downloadedLabels(): Promise<Uint8Array> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[data-download="labels"]')]);
  return labelsOf(await readFile(await download.path()));
}

test('upload a CamVid frame: the overlay is drawn and the legend shares equal the JSON API for the same image', { skip, timeout: 180_000 }, async () => {
  const ready = await page.evaluate(() => document.body.dataset.ready ?? null);
  await page.setInputFiles('#file', framePath);
  await segmented(page, ready);
  const drawn = await page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('#view-a')!;
    const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let sum = 0;
    for (let i = 0; i < d.length; i += 97) sum += d[i];
    return { width: canvas.width, height: canvas.height, sum };
  });
  assert.deepEqual([drawn.width, drawn.height], [480, 360]);
  assert.ok(drawn.sum > 0, 'the overlay has pixels');
  const legend = await page.$$eval('#legend li', (rows) => rows.map((r) => ({ id: Number((r as HTMLElement).dataset.classId), share: Number((r.querySelector('.share') as HTMLElement).dataset.share) })));
  const api = await serverJson('street', 'json');
  assert.deepEqual(legend, api.classes.map((c) => ({ id: c.id, share: c.share })));
  await page.hover('#view-a', { position: { x: 100, y: 300 } });
  assert.match((await page.textContent('#hover')) ?? '', /^\(\d+, \d+\) A: \w+, confidence \d+\.\d+ %/);
  await screenshot(page, 'overlay');
  for (const view of ['color', 'confidence', 'outlines']) {
    await page.check(`input[name="view"][value="${view}"]`);
    await screenshot(page, view);
  }
  await page.check('input[name="view"][value="overlay"]');
  await page.click('#legend li[data-class-id="8"] .isolate');
  assert.equal(await page.getAttribute('#legend li[data-class-id="8"] .isolate', 'aria-pressed'), 'true');
  await screenshot(page, 'isolate-car');
  await page.click('#legend li[data-class-id="8"] .isolate');
  assert.deepEqual(foreign, [], 'no request to another origin');
});

test('in-browser inference (onnxruntime-web, semseg/core) gives the server labels on at least 99.9 % of pixels', { skip, timeout: 300_000 }, async () => {
  const server = await labelsOf(Buffer.from((await serverJson('street', 'json,labels')).outputs!.labels.base64, 'base64'));
  const ready = await page.evaluate(() => document.body.dataset.ready ?? null);
  await page.selectOption('#engine-a', 'browser');
  await page.click('#run');
  await segmented(page, ready, 240_000);
  assert.match((await page.textContent('#status')) ?? '', /\(browser, \d+ wasm thread/);
  const browserLabels = await downloadedLabels();
  assert.equal(browserLabels.length, server.length);
  let same = 0;
  for (let i = 0; i < server.length; i++) if (server[i] === browserLabels[i]) same++;
  const agreement = same / server.length;
  assert.ok(agreement >= 0.999, `labels agree on ${(agreement * 100).toFixed(3)} % of pixels`);
  await screenshot(page, 'in-browser');
  await page.selectOption('#engine-a', 'server');
});

test("the compare view's per-class IoU against an uploaded ground truth equals semseg eval on that image", { skip, timeout: 300_000 }, async () => {
  const ready = await page.evaluate(() => document.body.dataset.ready ?? null);
  await page.selectOption('#model-b', 'street');
  await page.selectOption('#engine-b', 'browser');
  await page.uncheck('#tta-b');
  await page.click('#run');
  await segmented(page, ready, 240_000);
  await page.setInputFiles('#truth', truthPath);
  await page.waitForSelector('#iou:not([hidden])');
  const rows = await page.$$eval('#iou tbody tr[data-class-id]', (list) => list.map((r) => Number((r as HTMLElement).dataset.iou)));
  await page.check('input[name="view"][value="errors"]');
  await screenshot(page, 'compare-errors');
  await page.selectOption('#layout', 'side');
  await screenshot(page, 'compare-side-by-side');

  const root = await mkdtemp(join(tmpdir(), 'semseg-web-eval-'));
  await mkdir(join(root, 'images'));
  await mkdir(join(root, 'labels'));
  await copyFile(framePath, join(root, 'images', `${frameId}.png`));
  await copyFile(truthPath, join(root, 'labels', `${frameId}.png`));
  const out = join(root, 'out');
  const result = await runCli(['eval', '--model', 'street', '--dataset', `folder:${root}`, '--classes', join(repoRoot, 'models', 'street', 'card.json'), '--ignore-index', '11', '--out', out, '--report', 'json', '--no-boundary', '--no-calibration', '--bootstrap', '0', '--workers', '1', '--no-progress']);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as { metrics: { perClass: { IoU: (number | null)[] } } };
  const expected = report.metrics.perClass.IoU.map((v) => (v === null ? NaN : v));
  assert.equal(rows.length, expected.length);
  rows.forEach((iou, i) => (Number.isNaN(expected[i]) ? assert.ok(Number.isNaN(iou), `class ${i}`) : assert.ok(Math.abs(iou - expected[i]) < 1e-9, `class ${i}: page ${iou}, eval ${expected[i]}`)));
  await page.selectOption('#model-b', '');
  await page.selectOption('#layout', 'swipe');
});

test('the page and its assets carry the CSP (this origin only) and COOP/COEP; model bytes come from a fixed list, never a path', { skip, timeout: 120_000 }, async () => {
  const response = await fetch(served.url);
  assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  assert.equal(response.headers.get('cross-origin-embedder-policy'), 'require-corp');
  assert.equal(response.headers.get('cross-origin-opener-policy'), 'same-origin');
  assert.equal(await page.evaluate(() => crossOriginIsolated), true);
  const onnx = await fetch(`${served.url}v1/models/person/onnx`);
  assert.equal(onnx.status, 200);
  assert.equal((await onnx.arrayBuffer()).byteLength, (await readFile(join(repoRoot, 'models', 'person', 'model.onnx'))).byteLength);
  assert.equal((await fetch(`${served.url}assets/..%2F..%2Fpackage.json`)).status, 404);

  assert.deepEqual(foreign, [], 'no request to another origin');
});
