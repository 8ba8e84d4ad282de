/**
 * docs/deployment.md from measured runs: per embedded model x precision, file size, latency in Node (1 worker x 2
 * threads, 2 workers x 1 thread, throughput) and in headless Chromium (onnxruntime-web wasm, 1 and 2 threads) at
 * 480x360, 1024x512 and 2048x1024, accuracy where it applies, and the guidance text filled with those numbers.
 *
 *   npm run deployment [-- --quick] [--skip-accuracy] [--models street,person] [--runs 20] [--budget-s 15] [--out docs/deployment.md]
 *   npm run deployment -- --render-only     # the last run's figures (.cache/deployment/run.json) with the current template
 *
 * int8 / fp16 variants are built with `semseg models quantize` into .cache/deployment/ (git-ignored).
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { cliPath, repoRoot } from '../test/helpers/paths.js';
import { launch } from '../test/web/helpers.js';
import { resolveModel } from '../src/models/load.js';
import { readRawCard } from '../src/models/read-card.js';
import { cardAccuracy, measureAccuracy } from './deployment/accuracy.js';
import { runBrowserCells } from './deployment/browser.js';
import { runNodeCell } from './deployment/node-runner.js';
import { modelPlans, planVariants, type ModelPlan } from './deployment/plan.js';
import { renderDeployment } from './deployment/render.js';
import { SIZES, sizeLabel, type ModelInfo, type RunInfo, type VariantMeasurement } from './deployment/types.js';
import { buildVariant, quantizeMissing } from './deployment/variants.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'skip-accuracy': { type: 'boolean', default: false },
    models: { type: 'string' },
    runs: { type: 'string' },
    'budget-s': { type: 'string' },
    out: { type: 'string', default: join(repoRoot, 'docs', 'deployment.md') },
    'render-only': { type: 'boolean', default: false },
  },
});
const started = performance.now();
const loadAtStart = loadavg()[0];
const quick = values.quick!;
const runs = Number(values.runs ?? (quick ? 3 : 20));
const warmup = quick ? 1 : 2;
const budgetS = Number(values['budget-s'] ?? (quick ? 0 : 15));
const sizes = quick ? SIZES.slice(0, 1) : SIZES;
const cacheDir = join(repoRoot, '.cache', 'deployment');
const sharedData = join(repoRoot, '..', 'shared', 'data');
const log = (line: string) => process.stderr.write(`${line}\n`);
const plans = modelPlans(repoRoot, sharedData);

/** What a run measured, kept in .cache/deployment/run.json so the document can be rendered again (--render-only). */
interface SavedRun {
  run: RunInfo;
  measurements: VariantMeasurement[];
}

/** Builds and measures every planned variant; what the document and run.json are made of. */
async function measure(): Promise<SavedRun> {
  const variants = planVariants(plans, values.models?.split(','));
  const missing = variants.some((v) => v.precision !== 'fp32' && !v.skipped) ? quantizeMissing(cliPath) : undefined;
  await mkdir(join(cacheDir, 'images'), { recursive: true });

  let browser: Browser | undefined;
  let chromium = 'not started';
  const measurements: VariantMeasurement[] = [];
  try {
    for (const variant of variants) {
      const plan = plans.find((p) => p.name === variant.model)!;
      const label = `${variant.model} ${variant.precision}`;
      log(`${label}: building`);
      const built = await buildVariant(variant, cacheDir, cliPath, missing);
      const m: VariantMeasurement = { model: variant.model, precision: variant.precision, node: [], browser: [], notMeasured: {} };
      measurements.push(m);
      if ('unavailable' in built) {
        m.unavailable = built.unavailable;
        if (variant.skipped) m.skipped = true;
        log(`${label}: unavailable: ${built.unavailable}`);
        continue;
      }
      const { onnxPath, cardPath } = await resolveModel(built.reference);
      m.fileBytes = (await stat(onnxPath)).size;
      const common = { reference: built.reference, sizes, runs, warmup, budgetS, image: plan.timingImage, grey: plan.grey };
      for (const [workers, threads] of [[1, 2], [2, 1]]) {
        const config = workers === 1 ? 'node-1x2' : 'node-2x1';
        log(`${label}: Node ${workers} worker(s) x ${threads} thread(s)`);
        try {
          m.node.push(await runNodeCell({ ...common, workers, threads, bands4: plan.bands4, throughput: workers === 2 }));
        } catch (error) {
          m.notMeasured[config] = (error as Error).message;
        }
      }
      if (plan.bands4) {
        for (const config of ['wasm-1', 'wasm-2']) m.notMeasured[config] = 'the page takes pictures (RGB), not 4-band rasters';
      } else {
        log(`${label}: Chromium wasm`);
        if (!browser) {
          browser = await launch();
          chromium = browser.version();
        }
        try {
          m.browser = await runBrowserCells(browser, { ...common, imageDir: join(cacheDir, 'images'), name: variant.model });
        } catch (error) {
          for (const config of ['wasm-1', 'wasm-2']) m.notMeasured[config] = (error as Error).message.split('\n')[0];
        }
      }
      if (plan.accuracy && !values['skip-accuracy']) {
        const fromCard = variant.precision === 'fp32' ? await cardAccuracy(cardPath, plan.accuracy) : undefined;
        if (!fromCard) log(`${label}: semseg eval (${plan.accuracy.label})`);
        m.accuracy = fromCard ?? (await measureAccuracy(cliPath, built.reference, plan.accuracy, join(cacheDir, 'eval', `${variant.model}-${variant.precision}`)));
      } else if (plan.accuracy) {
        m.accuracy = { unavailable: 'skipped (--skip-accuracy)' };
      }
    }
  } finally {
    await browser?.close();
  }
  const cpu = cpus();
  const machine = `${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, Chromium ${chromium} (headless); load average ${loadAtStart.toFixed(1)} at the start`;
  const argv = process.argv.slice(2);
  const run: RunInfo = { command: `npm run deployment${argv.length ? ` -- ${argv.join(' ')}` : ''}`, date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC', machine, runs, warmup, sizes: sizes.map(sizeLabel), quick, durationS: (performance.now() - started) / 1000 };
  return { run, measurements };
}

async function modelInfo(plan: ModelPlan): Promise<ModelInfo> {
  const card = (await readRawCard(join(repoRoot, 'models', plan.name, 'card.json'))) as { description: string; input: { size: { mode: string; width?: number; height?: number } } };
  const size = card.input.size;
  const notes = [size.mode === 'fixed' ? `Fixed ${size.width}x${size.height} input: every image is resized to it (and the labels back).` : 'Any input size: the image runs at its own size.'];
  if (plan.grey) notes.push('Grey model: timed on grey images.');
  if (plan.bands4) notes.push('Timed on 16-bit 4-band (R, G, B, NIR) rasters.');
  const dropped = plan.notQuantized ? ` fp32 only: ${plan.notQuantized}.` : '';
  return { name: plan.name, description: card.description, inputNote: notes.join(' ') + dropped, accuracyLabel: plan.accuracy?.label, accuracyNote: plan.noAccuracy };
}

const saved = join(cacheDir, 'run.json');
let result: SavedRun;
if (values['render-only']) {
  result = JSON.parse(await readFile(saved, 'utf8')) as SavedRun;
} else {
  result = await measure();
  await writeFile(saved, JSON.stringify(result, null, 2));
}
const document = renderDeployment({
  ...result,
  models: await Promise.all(plans.filter((p) => result.measurements.some((m) => m.model === p.name)).map(modelInfo)),
  template: await readFile(join(repoRoot, 'bench', 'deployment', 'template.md'), 'utf8'),
  ortWasmBytes: (await stat(join(repoRoot, 'node_modules', 'onnxruntime-web', 'dist', 'ort-wasm-simd-threaded.wasm'))).size,
});
await writeFile(values.out!, document);
log(`wrote ${values.out} in ${Math.round((performance.now() - started) / 1000)} s`);
