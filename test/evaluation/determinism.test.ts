import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dataset, LabelData } from '../../src/datasets/index.js';
import { evaluatePredictions, type EvaluationResult } from '../../src/evaluation/evaluate.js';
import { runSamples } from '../../src/evaluation/run-samples.js';
import { encodeSingleChannelPng } from '../../src/formats/png.js';
import { classesCsv, imagesCsv } from '../../src/report/csv.js';
import { toJson } from '../../src/report/json.js';
import { writeHtmlReport } from '../../src/report/html/write-html-report.js';

const CLASSES = [
  { id: 0, name: 'a', color: [0, 0, 0] as [number, number, number] },
  { id: 1, name: 'b', color: [255, 0, 0] as [number, number, number] },
  { id: 2, name: 'c', color: [0, 0, 255] as [number, number, number] },
];
const W = 8;
const H = 4;
const N = 12;

/** Ground truth and a prediction that differ from image to image, so the bootstrap sees different images. */
function maps(i: number): { gt: Uint8Array; pred: Uint8Array } {
  const gt = new Uint8Array(W * H);
  const pred = new Uint8Array(W * H);
  for (let p = 0; p < gt.length; p++) {
    gt[p] = (p * (i + 1) + (p >> 3)) % 3;
    pred[p] = (p + i) % 5 < i % 4 ? (gt[p] + 1) % 3 : gt[p];
  }
  return { gt, pred };
}

async function fixture(): Promise<{ dir: string; dataset: (delay: (i: number) => number) => Dataset }> {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-determinism-'));
  await mkdir(join(dir, 'pred'));
  for (let i = 0; i < N; i++) await writeFile(join(dir, 'pred', `s${i}.png`), encodeSingleChannelPng({ width: W, height: H, samples: maps(i).pred }));
  const samples = Array.from({ length: N }, (_, i) => ({ id: `s${i}`, imagePath: join(dir, 'none.png'), labelPath: `s${i}.png` }));
  // Ground truth read with a delay per sample: the delays decide the order in which samples finish.
  const dataset = (delay: (i: number) => number): Dataset => ({
    kind: 'folder', name: 'toy', root: dir, classes: CLASSES, ignoreIndex: 255, samples,
    async readLabels(sample): Promise<LabelData> {
      const i = Number(sample.id.slice(1));
      await sleep(delay(i));
      return { labels: maps(i).gt, width: W, height: H };
    },
  });
  return { dir, dataset };
}

const withoutTiming = (result: EvaluationResult) => toJson({ ...result.report, timing: undefined });

test('two evaluations whose samples finish in opposite orders give byte-identical reports (bootstrap included)', async () => {
  const { dir, dataset } = await fixture();
  const options = { profile: 'torchmetrics' as const, boundary: true, calibration: false, bootstrap: 200, worst: 3 };
  const first = await evaluatePredictions(join(dir, 'pred'), dataset((i) => (i % 2 === 0 ? 30 : 0)), options);
  const second = await evaluatePredictions(join(dir, 'pred'), dataset((i) => (i % 2 === 1 ? 30 : 0)), options);
  assert.equal(first.report.images.length, N);
  assert.ok(first.report.bootstrap && first.report.bootstrap.lower < first.report.bootstrap.upper, 'a real interval');
  assert.equal(withoutTiming(first), withoutTiming(second));
  assert.equal(classesCsv(first.report), classesCsv(second.report));
  assert.equal(imagesCsv(first.report), imagesCsv(second.report));
  const page = async (r: EvaluationResult) => (await writeHtmlReport(r)).replace(/<dd class="timing">[^<]*<\/dd>/, '');
  assert.equal(await page(first), await page(second));
});

test('runSamples hands outcomes over in sample order, failures included, with a bounded number waiting', async () => {
  const samples = Array.from({ length: 20 }, (_, i) => ({ id: String(i), imagePath: `${i}.png`, labelPath: `${i}.png` }));
  const seen: string[] = [];
  let running = 0;
  let most = 0;
  await runSamples(
    samples,
    3,
    async (sample) => {
      most = Math.max(most, ++running);
      await sleep(sample.id === '0' ? 40 : Number(sample.id) % 3);
      running--;
      if (sample.id === '5') throw new Error('unreadable');
      return Number(sample.id);
    },
    (outcome) => seen.push(outcome.failure ? `!${outcome.failure.id}:${outcome.failure.message}` : String(outcome.result)),
  );
  assert.deepEqual(seen, samples.map((s) => (s.id === '5' ? '!5:unreadable' : s.id)));
  assert.ok(most <= 3, `at most 3 jobs at once, saw ${most}`);
});
