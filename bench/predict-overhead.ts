/**
 * End-to-end predict (decode -> outputs written) against the raw session.run of the same model at the same size.
 *
 *   npm run bench:predict [-- --images 8 --rounds 20 --outputs labels,color,overlay,json --workers 2 --threads 1
 *                            --tta none|flip|... (default: the card's) --format png|jpeg --pools own,piscina]
 *
 * Rounds alternate between the two contenders so both see the same machine state. Raw: one session in this thread
 * with the same options the workers use, as many runs per image as predict makes (one per TTA augmentation). End-to-end: predictBatch over the same images with the
 * default worker pool, wall time / images. With `--pools own,piscina` (default) the same end-to-end run also goes
 * through a piscina-based backend (bench/piscina/), alternating with the own pool in every round. Reports median
 * and minimum per image over the rounds.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { loadModel } from '../src/models/load.js';
import { predictBatch } from '../src/cli/predict-batch.js';
import { parseListOption } from '../src/cli/options.js';
import { OUTPUT_KINDS } from '../src/pipeline/outputs.js';
import { summarize } from './stats.js';
import { parseTta } from '../src/cli/inference-flags.js';
import { resolveInference } from '../src/inference/options.js';
import { createPiscinaBackend } from './piscina/backend.js';
import type { SegmentationModel } from '../src/models/types.js';

const { values } = parseArgs({
  options: {
    images: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '20' },
    outputs: { type: 'string', default: 'labels,color,overlay,json' },
    dir: { type: 'string', default: '../shared/data/camvid/test' },
    workers: { type: 'string' },
    tta: { type: 'string' },
    threads: { type: 'string' },
    format: { type: 'string', default: 'png' },
    pools: { type: 'string', default: 'own,piscina' },
  },
});
const imagesPerRound = Number(values.images);
const rounds = Number(values.rounds);
const outputs = parseListOption('--outputs', OUTPUT_KINDS)(values.outputs!);
const frames = (await readdir(values.dir!)).filter((f) => f.endsWith('.png')).sort().slice(0, imagesPerRound).map((f) => ({ path: join(values.dir!, f), name: f.replace(/\.png$/, '') }));
const out = await mkdtemp(join(tmpdir(), 'semseg-bench-'));
// --format jpeg: the same frames as camera-style JPEGs (quality 92), written once before timing.
const files = values.format === 'jpeg' ? await Promise.all(frames.map(async (f) => {
  const path = join(out, `${f.name}.input.jpg`);
  await sharp(f.path).jpeg({ quality: 92 }).toFile(path);
  return { path, name: f.name };
})) : frames;

const threading = {
  workers: values.workers ? Number(values.workers) : undefined,
  threadsPerWorker: values.threads ? Number(values.threads) : undefined,
};
const model = await loadModel('street', threading);
const pools = values.pools!.split(',');
const contenders: { name: string; model: SegmentationModel; times: number[] }[] = [];
if (pools.includes('own')) contenders.push({ name: 'semseg predict end to end (own pool)', model, times: [] });
if (pools.includes('piscina')) {
  const backend = await createPiscinaBackend(model.modelPath, model.metadata, threading);
  contenders.push({ name: 'semseg predict end to end (piscina pool)', model: { ...model, backend, dispose: () => backend.dispose() }, times: [] });
}
const cores = availableParallelism();
const session = await ort.InferenceSession.create(model.modelPath, { graphOptimizationLevel: 'all', intraOpNumThreads: cores, interOpNumThreads: 1, executionMode: 'sequential' });
const input = new ort.Tensor('float32', new Float32Array(3 * 360 * 480), [1, 3, 360, 480]);
for (let i = 0; i < 3; i++) await session.run({ input });

// With TTA the product runs the model once per augmentation; raw does the same number of runs per image.
const tta = values.tta === undefined ? undefined : parseTta(values.tta);
const runsPerImage = resolveInference(model.card, 480, 360, { tta }).augmentations?.length ?? 1;
const raw: number[] = [];
for (let r = 0; r < rounds; r++) {
  let t = performance.now();
  for (let i = 0; i < files.length * runsPerImage; i++) await session.run({ input });
  raw.push((performance.now() - t) / files.length);
  // The pools take turns starting a round, so neither always follows the raw runs.
  for (const c of r % 2 === 0 ? contenders : [...contenders].reverse()) {
    t = performance.now();
    const { results } = await predictBatch(c.model, files, { outDir: out, outputs, opacity: 0.5, tta });
    c.times.push((performance.now() - t) / files.length);
    if (results.some((x) => !x.ok)) throw new Error(results.find((x) => !x.ok)!.error);
  }
}
for (const c of contenders) await c.model.dispose();
await rm(out, { recursive: true, force: true });

const a = summarize(raw);
const line = (name: string, s: ReturnType<typeof summarize>) => `| ${name} | ${s.median.toFixed(1)} | ${s.min.toFixed(1)} | ${s.runs} |`;
console.log(`street model, 480x360 CamVid frames (${values.format}), ${files.length} images per round, outputs ${outputs.join(',')}, TTA ${values.tta ?? 'card default'}, ${cores} cores, workers ${model.backend.workers}, threads per worker ${values.threads ?? 'default'}`);
console.log('| contender | median ms/image | min ms/image | rounds |\n|---|---|---|---|');
console.log(line(`raw session.run (1 session, ${cores} threads${runsPerImage > 1 ? `, ${runsPerImage} runs per image` : ''})`, a));
for (const c of contenders) {
  const b = summarize(c.times);
  console.log(line(c.name, b));
  console.log(`ratio ${c.name} / raw: median ${(b.median / a.median).toFixed(3)}, min ${(b.min / a.min).toFixed(3)}`);
}
