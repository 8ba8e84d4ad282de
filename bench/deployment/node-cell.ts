/**
 * One Node contender in its own process: a variant on one pool configuration, every size. Prints one JSON line
 * (NodeResult) on stdout. Spawned by node-runner.ts; not meant to be run by hand.
 *   node dist/bench/deployment/node-cell.js --model <ref> --workers 2 --threads 1 --sizes 480x360,... --runs 20
 *        --warmup 3 --image <file> [--grey] [--bands4] [--throughput] [--budget-s 20]
 */
import { parseArgs } from 'node:util';
import { loadModel } from '../../src/models/load.js';
import { segment } from '../../src/inference/segment.js';
import { resolveInference } from '../../src/inference/options.js';
import { summarize } from '../stats.js';
import { timingRaster } from './images.js';
import { overBudget } from './budget.js';
import type { NodeResult, Size } from './types.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    workers: { type: 'string' },
    threads: { type: 'string' },
    sizes: { type: 'string' },
    runs: { type: 'string' },
    warmup: { type: 'string' },
    image: { type: 'string' },
    grey: { type: 'boolean', default: false },
    bands4: { type: 'boolean', default: false },
    throughput: { type: 'boolean', default: false },
    'budget-s': { type: 'string', default: '0' },
  },
});
const workers = Number(values.workers);
const runs = Number(values.runs);
const warmup = Number(values.warmup);
const budgetMs = Number(values['budget-s']) * 1000;
const sizes: Size[] = values.sizes!.split(',').map((s) => {
  const [width, height] = s.split('x').map(Number);
  return { width, height };
});

// No TTA: one forward pass per image, as the browser numbers (the street card's flip TTA doubles the work).
const options = { tta: {} };
const model = await loadModel(values.model!, { workers, threadsPerWorker: Number(values.threads) });
const result: NodeResult = { config: workers === 1 ? 'node-1x2' : 'node-2x1', latency: {}, plan: {}, peakRssMiB: 0 };
try {
  for (const size of sizes) {
    const label = `${size.width}x${size.height}`;
    const raster = await timingRaster(values.image!, size, { grey: values.grey!, bands4: values.bands4! });
    const inference = resolveInference(model.card, size.width, size.height, options);
    const fixed = model.card.input.size.mode === 'fixed' ? model.card.input.size : undefined;
    result.plan[label] = fixed ? `resized to ${fixed.width}x${fixed.height}` : inference.mode;
    for (let i = 0; i < warmup; i++) await segment(model, raster, options);
    const times: number[] = [];
    const cellStarted = performance.now();
    while (times.length < runs && !overBudget(times.length, performance.now() - cellStarted, budgetMs)) {
      const started = performance.now();
      await segment(model, raster, options);
      times.push(performance.now() - started);
    }
    result.latency[label] = summarize(times);
    if (values.throughput) {
      // As many images in flight as workers, as many images as latency runs: what a batch job or a busy server sees.
      let next = 0;
      const started = performance.now();
      const images = Math.max(times.length, 2 * workers);
      const lane = async () => {
        while (next++ < images) await segment(model, raster, options);
      };
      await Promise.all(Array.from({ length: workers }, lane));
      (result.throughput ??= {})[label] = images / ((performance.now() - started) / 1000);
    }
    process.stderr.write(`    ${label}: ${result.latency[label].median.toFixed(1)} ms\n`);
  }
} finally {
  await model.dispose();
}
result.peakRssMiB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify(result)}\n`);
