/**
 * The pure parts of `npm run deployment`: which model gets which precision, and docs/deployment.md rendered from
 * made-up measurements (every placeholder of the guidance template filled, tables with the numbers given, the
 * reasons for missing figures shown). No timing runs here.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { accuracyFigure } from '../../bench/deployment/accuracy.js';
import { overBudget } from '../../bench/deployment/budget.js';
import { fillTemplate, guidanceFigures } from '../../bench/deployment/figures.js';
import { modelPlans, planVariants } from '../../bench/deployment/plan.js';
import { renderDeployment } from '../../bench/deployment/render.js';
import type { NodeResult, RunInfo, Timing, VariantMeasurement } from '../../bench/deployment/types.js';
import { repoRoot } from '../helpers/paths.js';

const plans = modelPlans('/repo', '/shared/data');
const template = () => readFile(join(repoRoot, 'bench', 'deployment', 'template.md'), 'utf8');
const SIZES = ['480x360', '1024x512', '2048x1024'];

test('learned models get fp32, int8 and fp16 (street no fp16: it ships fp16-stored); the rule-based ones fp32 only, with the reason', () => {
  const variants = planVariants(plans);
  const built = (model: string) => variants.filter((v) => v.model === model && !v.skipped).map((v) => v.precision);
  for (const model of ['person', 'membrane']) assert.deepEqual(built(model), ['fp32', 'int8', 'fp16']);
  assert.deepEqual(built('street'), ['fp32', 'int8']);
  assert.match(variants.find((v) => v.model === 'street' && v.precision === 'fp16')!.skipped!, /already stores its weights as float16/);
  for (const model of ['vegetation', 'ndvi']) {
    assert.deepEqual(built(model), ['fp32']);
    for (const v of variants.filter((x) => x.model === model && x.skipped)) assert.match(v.skipped!, /rule-based/);
  }
  assert.equal(variants.length, 15);
});

test('only int8 variants carry calibration images; membrane calibrates on slices 00-19, never on the scored 20-24', () => {
  const variants = planVariants(plans);
  for (const v of variants) assert.equal(v.calibration !== undefined, v.precision === 'int8' && !v.skipped, `${v.model} ${v.precision}`);
  const street = variants.find((v) => v.model === 'street' && v.precision === 'int8')!;
  assert.deepEqual(street.calibration!.map((c) => [c.dir, c.take]), [['/shared/data/camvid/train', 32]]);
  const membrane = variants.find((v) => v.model === 'membrane' && v.precision === 'int8')!.calibration![0];
  const slices = Array.from({ length: 30 }, (_, i) => `${String(i).padStart(2, '0')}.png`);
  assert.deepEqual(slices.filter((f) => membrane.match.test(f)), slices.slice(0, 20));
  const person = variants.find((v) => v.model === 'person' && v.precision === 'int8')!;
  assert.deepEqual(person.calibration!.map((c) => c.dir), ['/repo/samples', '/shared/data/camvid/train']);
});

test('--models keeps only the named models', () => {
  assert.deepEqual([...new Set(planVariants(plans, ['person', 'ndvi']).map((v) => v.model))], ['person', 'ndvi']);
});

test('accuracy figures: mIoU, one class IoU, one class Dice, in percent', () => {
  const report = { metrics: { mIoU: 0.5904, perClass: { IoU: [0.7, 0.9], Dice: [0.8237, 0.95] } } };
  const spec = (name: string) => plans.find((p) => p.name === name)!.accuracy!;
  assert.ok(Math.abs(accuracyFigure(report, spec('street')) - 59.04) < 1e-9);
  assert.ok(Math.abs(accuracyFigure(report, spec('membrane')) - 82.37) < 1e-9);
  assert.ok(Math.abs(accuracyFigure(report, spec('vegetation')) - 90) < 1e-9);
});

test('a cell stops early only after 5 runs and once its budget is spent; budget 0 never stops it', () => {
  assert.equal(overBudget(4, 60_000, 15_000), false);
  assert.equal(overBudget(5, 14_000, 15_000), false);
  assert.equal(overBudget(5, 15_000, 15_000), true);
  assert.equal(overBudget(19, 1e9, 0), false);
});

function t(median: number, runs = 20): Timing {
  return { median, min: median * 0.9, runs };
}

function perSize(base: number): Record<string, Timing> {
  return Object.fromEntries(SIZES.map((s, i) => [s, t(base * (i + 1), i === 2 ? 7 : 20)]));
}

function nodeResults(base: number): NodeResult[] {
  return [
    { config: 'node-1x2', latency: perSize(base), plan: Object.fromEntries(SIZES.map((s) => [s, 'whole'])), peakRssMiB: 300 },
    { config: 'node-2x1', latency: perSize(base * 1.5), throughput: Object.fromEntries(SIZES.map((s, i) => [s, 10 / (i + 1)])), plan: {}, peakRssMiB: 412.4 },
  ];
}

const fake: VariantMeasurement[] = [
  {
    model: 'street',
    precision: 'fp32',
    fileBytes: 6_521_798,
    node: nodeResults(40),
    browser: [
      { config: 'wasm-1', latency: perSize(123), threadsUsed: 1, crossOriginIsolated: true, firstRunMs: 2000 },
      { config: 'wasm-2', latency: perSize(77), threadsUsed: 2, crossOriginIsolated: true, firstRunMs: 1500 },
    ],
    notMeasured: {},
    accuracy: { value: 59.04, source: 'card' },
  },
  { model: 'street', precision: 'int8', fileBytes: 1_700_000, node: nodeResults(25), browser: [], notMeasured: { 'wasm-1': 'page failed', 'wasm-2': 'page failed' }, accuracy: { value: 58.1, source: 'measured with `semseg eval`' } },
  { model: 'street', precision: 'fp16', unavailable: '`semseg models` has no `quantize` command in this build', node: [], browser: [], notMeasured: {} },
  { model: 'ndvi', precision: 'fp32', fileBytes: 1508, node: nodeResults(3), browser: [], notMeasured: { 'wasm-1': 'the page takes pictures (RGB), not 4-band rasters', 'wasm-2': 'the page takes pictures (RGB), not 4-band rasters' } },
  { model: 'ndvi', precision: 'int8', unavailable: 'not built: rule-based', skipped: true, node: [], browser: [], notMeasured: {} },
];

const run: RunInfo = { command: 'npm run deployment', date: '2026-12-02 06:00 UTC', machine: '2 x Test CPU', runs: 20, warmup: 2, sizes: SIZES, quick: false, durationS: 1200 };

test('every placeholder of the guidance template has a figure, also when most measurements are missing', async () => {
  const text = await template();
  assert.doesNotThrow(() => fillTemplate(text, guidanceFigures([], 1)));
  const filled = fillTemplate(text, guidanceFigures(fake, 14_000_000));
  assert.doesNotMatch(filled, /\{\{/);
  assert.throws(() => fillTemplate('{{no_such_figure}}', {}), /no_such_figure/);
});

test('the guidance quotes the measurements: sizes, latencies, throughput, the int8 comparison and why fp16 is missing', async () => {
  const filled = fillTemplate(await template(), guidanceFigures(fake, 14_000_000));
  assert.match(filled, /6\.52 MB for street/);
  assert.match(filled, /street at 480x360 takes 123 ms with 1 thread and 77\.0 ms with 2 \(2 threads ran at 1\.6x/);
  assert.match(filled, /2-worker pool serves 5\.00 images\/s/);
  assert.match(filled, /street int8 is 1\.70 MB against 6\.52 MB, 50\.0 ms against 80\.0 ms per 1024x512 image in Node/);
  assert.match(filled, /mIoU 58\.10 % against 59\.04 %/);
  assert.match(filled, /fp16 for the download: not measured in this run \(`semseg models` has no `quantize` command/);
  assert.match(filled, /sooner by one worker with more threads/);
});

test('docs/deployment.md: generated header, a section per model, latency rows per precision x runtime, reasons for gaps', async () => {
  const models = [
    { name: 'street', description: 'Street scenes.', inputNote: 'Any input size.', accuracyLabel: 'CamVid test mIoU %' },
    { name: 'ndvi', description: 'Index baseline', inputNote: 'fp32 only: rule-based.', accuracyNote: 'no 4-band ground truth' },
  ];
  const md = renderDeployment({ run, models, measurements: fake, template: await template(), ortWasmBytes: 14_000_000 });
  assert.match(md, /^<!-- Generated by `npm run deployment`/);
  assert.match(md, /Generated by `npm run deployment` on 2026-12-02 06:00 UTC in 20 min, on 2 x Test CPU\./);
  assert.doesNotMatch(md, /Quick run/);
  assert.match(md, /## street\n\nStreet scenes\. Any input size\./);
  assert.match(md, /\| precision \| runtime \| 480x360 ms \| 1024x512 ms \| 2048x1024 ms \|/);
  assert.match(md, /\| fp32 \| Node, 1 worker x 2 threads \| 40\.0 \(36\.0\) \| 80\.0 \(72\.0\) \| 120 \(108\) \[7 runs\] \|/);
  assert.match(md, /\| fp32 \| Node, 2 workers: images\/s \| 10\.00 \| 5\.00 \| 3\.33 \|/);
  assert.match(md, /\| fp32 \| Chromium wasm, 2 threads \| 77\.0 \(69\.3\) \| 154 \(139\) \| 231 \(208\) \[7 runs\] \|/);
  assert.match(md, /\| int8 \| Chromium wasm, 1 thread \| n\/a: page failed \| n\/a: page failed \| n\/a: page failed \|/);
  assert.match(md, /\| fp32 \| 6\.52 MB \| 59\.04 \(card\) \| 1500 \| 412 MiB \|/);
  assert.match(md, /\| fp16 \| unavailable: `semseg models` has no `quantize` command in this build \|/);
  assert.doesNotMatch(md, /\| fp16 \| Node/);
  assert.match(md, /## ndvi\n\nIndex baseline\. fp32 only: rule-based\./);
  assert.match(md, /\| fp32 \| 1\.5 kB \| n\/a: no 4-band ground truth \|/);
  assert.match(md, /\| int8 \| not built \(fp32 only, see above\) \|/);
  assert.match(md, /\| fp32 \| Chromium wasm, 1 thread \| n\/a: the page takes pictures \(RGB\), not 4-band rasters \|/);
  assert.match(md, /How semseg ran each size: 480x360 whole, 1024x512 whole, 2048x1024 whole\./);
  assert.match(renderDeployment({ run: { ...run, quick: true, sizes: SIZES.slice(0, 1) }, models, measurements: fake, template: await template(), ortWasmBytes: 1 }), /Quick run \(development\)/);
});

test('one real Node cell in its own process: the ndvi index model on a small 4-band raster answers the JSON the runner expects', async () => {
  const { runNodeCell } = await import('../../bench/deployment/node-runner.js');
  const result = await runNodeCell({
    reference: 'ndvi',
    workers: 2,
    threads: 1,
    sizes: [{ width: 64, height: 48 }],
    runs: 3,
    warmup: 1,
    budgetS: 0,
    image: join(repoRoot, 'samples', 'camvid-0001TP_008550.png'),
    grey: false,
    bands4: true,
    throughput: true,
  });
  assert.equal(result.config, 'node-2x1');
  assert.equal(result.latency['64x48'].runs, 3);
  assert.ok(result.latency['64x48'].min <= result.latency['64x48'].median);
  assert.ok(result.throughput!['64x48'] > 0);
  assert.equal(result.plan['64x48'], 'whole');
  assert.ok(result.peakRssMiB > 0);
});
