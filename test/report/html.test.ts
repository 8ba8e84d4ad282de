/** The HTML evaluation report: one self-contained document with charts, tables and worst-image panels. */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import type { ClassInfo } from '../../src/core/types.js';
import { createEvaluationAccumulator } from '../../src/evaluation/accumulator.js';
import type { EvaluationResult } from '../../src/evaluation/evaluate.js';
import type { EvaluationOptions, EvaluationReport } from '../../src/evaluation/types.js';
import { downscaleLabels, errorOverlay, topConfusions } from '../../src/report/html/panel-pixels.js';
import { writeHtmlReport } from '../../src/report/html/write-html-report.js';

const W = 24;
const H = 16;
const IGNORE = 255;
const CLASSES: ClassInfo[] = [
  { id: 0, name: 'road', color: [128, 64, 128] },
  { id: 1, name: 'car', color: [64, 0, 128] },
  { id: 2, name: 'sky <b>&', color: [128, 128, 128] },
  { id: 3, name: 'never seen', color: [0, 128, 192] },
];

/** Ground truth: road below, sky above, a car box, an ignored stripe; the prediction shifts the car by `shift`. */
function pair(shift: number) {
  const gt = new Uint8Array(W * H);
  const pred = new Uint8Array(W * H);
  const confidence = new Float32Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      const car = (sx: number) => y >= 6 && y < 12 && x >= 6 + sx && x < 14 + sx;
      gt[i] = x === 0 ? IGNORE : car(0) ? 1 : y < 6 ? 2 : 0;
      pred[i] = car(shift) ? 1 : y < 6 ? 2 : 0;
      confidence[i] = gt[i] === pred[i] ? 0.9 : 0.6;
    }
  }
  return { gt: { labels: gt, width: W, height: H }, pred: { labels: pred, width: W, height: H }, confidence };
}

async function makeResult(dir: string, options: Partial<EvaluationOptions> = {}): Promise<EvaluationResult> {
  const opts: EvaluationOptions = { profile: 'mmseg', boundary: true, calibration: true, bootstrap: 50, worst: 2, ...options };
  const photo = join(dir, 'a.png');
  await sharp(Buffer.alloc(W * H * 3, 90), { raw: { width: W, height: H, channels: 3 } }).png().toFile(photo);
  const acc = createEvaluationAccumulator(CLASSES, IGNORE, opts);
  const samples = [
    { id: 'a', imagePath: photo, labelPath: 'a.png', shift: 4 },
    { id: 'b', imagePath: join(dir, 'missing.png'), labelPath: 'b.png', shift: 1 },
    { id: 'c', labelPath: 'c.png', shift: 0 },
  ];
  for (const { shift, ...sample } of samples) {
    const { gt, pred, confidence } = pair(shift);
    acc.add(sample, gt, pred, opts.calibration ? confidence : undefined);
  }
  const report: EvaluationReport = {
    tool: 'semseg',
    version: '2',
    subject: { model: { name: 'toy', version: '1.0', path: '/models/toy' } },
    dataset: { kind: 'folder', name: 'toy set', root: dir, samples: 4 },
    classes: CLASSES,
    ignoreIndex: IGNORE,
    ...acc.finish(),
    failures: [{ id: 'd', path: 'd.png', code: 'DECODE_FAILED', message: 'Expected a decodable image <d.png>' }],
    warnings: ['3 of 4 samples have no prediction in "p" (<id>.labels.png or <id>.png); first: b, c, d'],
    timing: { createdAt: '2025-01-01T00:00:00.000Z', seconds: 1.5 },
  };
  return { report, worst: acc.worstSamples() };
}

describe('writeHtmlReport', () => {
  let dir: string;
  let html: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'semseg-html-'));
    html = await writeHtmlReport(await makeResult(dir));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('is one document that needs no network', () => {
    assert.match(html, /^<!DOCTYPE html>/);
    assert.equal(html.match(/<html[\s>]/g)?.length, 1);
    assert.equal(html.match(/<\/html>/g)?.length, 1);
    assert.doesNotMatch(html, /https?:\/\//);
    assert.doesNotMatch(html, /<link|<script [^>]*src=|@import|url\(/);
    for (const [, src] of html.matchAll(/ src="([^"]*)"/g)) assert.match(src, /^data:image\/(png|jpeg);base64,/);
  });

  it('shows the headline, the failures and the profile semantics', () => {
    assert.match(html, /toy v1\.0 on toy set/);
    assert.match(html, /mIoU %<\/span><b>\d+\.\d\d<\/b><small>95% CI/);
    assert.match(html, /boundary mIoU %/);
    assert.match(html, /ECE %/);
    assert.match(html, /1 image\(s\) failed/);
    assert.match(html, /Expected a decodable image &lt;d\.png&gt;/);
    assert.match(html, /MMSegmentation 1\.x mmseg\/evaluation\/metrics\/iou_metric\.py IoUMetric/);
  });

  it('lists the warnings and keeps the run time in the one element marked as timing', () => {
    assert.match(html, /<section class="warn" id="warnings"><h2>Warnings<\/h2><ul><li>3 of 4 samples have no prediction in &quot;p&quot;/);
    assert.equal(html.match(/2025-01-01T00:00:00\.000Z/g)?.length, 1);
    assert.match(html, /<dd class="timing">2025-01-01T00:00:00\.000Z, 1\.5 s<\/dd>/);
  });

  it('draws the class IoU chart, the confusion heatmap and the reliability diagram as inline SVG', () => {
    for (const chart of ['chart-iou', 'chart-confusion', 'chart-reliability']) assert.match(html, new RegExp(`<svg [^>]*class="${chart}"`));
    assert.match(html, /sky &lt;b&gt;&amp;/);
    assert.doesNotMatch(html, /sky <b>/);
    assert.match(html, /<title>GT road → predicted car: [\d.]+ % \(\d+ px\)<\/title>/);
  });

  it('lists every image in a sortable table', () => {
    const table = html.slice(html.indexOf('<table class="sortable images">'));
    const body = table.slice(table.indexOf('<tbody>'), table.indexOf('</tbody>'));
    assert.equal(body.match(/<tr>/g)?.length, 3);
    for (const id of ['a', 'b', 'c']) assert.match(body, new RegExp(`<td>(<a [^>]*>)?${id}(</a>)?</td>`));
    assert.match(html, /th\.addEventListener\('click'/);
  });

  it('shows undefined scores as "-", never NaN', () => {
    assert.doesNotMatch(html.replace(/<script>[^]*<\/script>/, ''), /NaN/);
    const row = html.match(/<tr><td>3<\/td><td>c<\/td>.*?<\/tr>/)?.[0] ?? '';
    assert.match(row, /<td>-<\/td><\/tr>$/, 'the never-seen class of image c');
  });

  it('embeds the worst images, worst first, with the photo only where it decodes', () => {
    const a = html.slice(html.indexOf('id="worst-1"'), html.indexOf('id="worst-2"'));
    const b = html.slice(html.indexOf('id="worst-2"'));
    assert.match(a, /#1 a —/);
    assert.match(a, /src="data:image\/jpeg;base64,[^"]+" alt="a image"/);
    assert.match(a, /src="data:image\/png;base64,[^"]+" alt="a ground truth"/);
    assert.match(a, /road → .*car/);
    assert.match(b, /#2 b —/);
    assert.doesNotMatch(b, /alt="b image"/);
    assert.match(b, /errors \(image unavailable\)/);
    assert.match(b, /src="data:image\/png;base64,[^"]+" alt="b errors"/);
  });

  it('leaves out sections whose data is absent', async () => {
    const plain = await writeHtmlReport(await makeResult(dir, { boundary: false, calibration: false, bootstrap: 0, worst: 0 }));
    assert.doesNotMatch(plain, /chart-reliability|boundary mIoU|ECE %|CI /);
    assert.match(plain, /No worst images were kept/);
  });
});

describe('panel pixels', () => {
  it('downscales labels by the label under each output pixel centre', () => {
    const labels = Uint8Array.from([0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3]);
    assert.deepEqual([...downscaleLabels(labels, 4, 4, 2, 2)], [0, 1, 2, 3]);
  });

  it('tints correct pixels green, wrong pixels red and darkens ignored ones', () => {
    const photo = new Uint8Array(9).fill(100);
    const out = errorOverlay(photo, Uint8Array.from([1, 1, 255]), Uint8Array.from([1, 2, 1]), 255);
    assert.ok(out[1] > out[0] && out[1] > out[2], 'correct: green');
    assert.ok(out[3] > out[4] && out[3] > out[5], 'wrong: red');
    assert.deepEqual([...out.subarray(6)], [35, 35, 35]);
  });

  it('ranks the confusions of an image by share of counted pixels', () => {
    const gt = Uint8Array.from([0, 0, 0, 1, 1, 255]);
    const pred = Uint8Array.from([1, 1, 0, 0, 1, 0]);
    assert.deepEqual(topConfusions(gt, pred, 2, 255), [
      { gt: 0, pred: 1, share: 0.4 },
      { gt: 1, pred: 0, share: 0.2 },
    ]);
  });
});
