/**
 * `semseg eval` against the time of the model alone, on the same CamVid frames.
 *
 *   npm run bench:eval [-- --images 40 --rounds 20]
 *
 * Rounds alternate between the contenders, all on the same images:
 * - session.run: one onnxruntime session in this thread (all cores), on pre-made tensors (no decoding), as many runs
 *   per image as the card's default test-time augmentation makes (street: flip, 2);
 * - prediction pass: decode + segment() to labels through the worker pool, nothing written (what any evaluation
 *   must at least do to get the model's answers);
 * - eval, lean: evaluateModel with boundary IoU and calibration off (ground truth read, confusion matrices,
 *   per-image metrics);
 * - eval, default: with boundary IoU and calibration (calibration needs softmax confidence per pixel).
 * Bootstrap is off: it runs once per report, not per image. Reports median and minimum per image.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { openDataset } from '../src/datasets/index.js';
import { evaluateModel } from '../src/evaluation/evaluate.js';
import { decodeImage } from '../src/io/decode.js';
import { loadModel } from '../src/models/load.js';
import { planInput } from '../src/preprocess/plan.js';
import { imageToTensor } from '../src/preprocess/to-tensor.js';
import { summarize } from './stats.js';
import { mapConcurrent } from '../src/core/map-concurrent.js';
import { segment } from '../src/inference/segment.js';
import { resolveInference } from '../src/inference/options.js';

const { values } = parseArgs({ options: { images: { type: 'string', default: '40' }, rounds: { type: 'string', default: '20' }, root: { type: 'string', default: '../shared/data/camvid' } } });
const dataset = await openDataset(`camvid:${values.root}`, { split: 'test' });
dataset.samples = dataset.samples.slice(0, Number(values.images));
const model = await loadModel('street');
const session = await ort.InferenceSession.create(model.modelPath, { graphOptimizationLevel: 'all', intraOpNumThreads: availableParallelism(), interOpNumThreads: 1, executionMode: 'sequential' });
const tensors: ort.Tensor[] = [];
for (const s of dataset.samples) {
  const image = await decodeImage(s.imagePath);
  const t = imageToTensor(image, planInput(image.width, image.height, model.card.input), model.card.input);
  tensors.push(new ort.Tensor('float32', t.data as Float32Array, t.dims));
}
const runsPerImage = resolveInference(model.card, 480, 360, {}).augmentations?.length ?? 1;
const lean = { profile: 'mmseg' as const, boundary: false, calibration: false, bootstrap: 0, worst: 6 };
const contenders: [string, () => Promise<unknown>][] = [
  ['session.run only', async () => {
    for (const input of tensors) for (let r = 0; r < runsPerImage; r++) await session.run({ input });
  }],
  ['prediction pass: decode + segment to labels', () =>
    mapConcurrent(dataset.samples, model.backend.workers + 2, async (s) => segment(model, await decodeImage(s.imagePath), { confidence: false }))],
  ['eval, lean (no boundary IoU, no calibration)', () => evaluateOrThrow(lean)],
  ['eval, default (boundary IoU + calibration)', () => evaluateOrThrow({ ...lean, boundary: true, calibration: true })],
];
async function evaluateOrThrow(options: typeof lean): Promise<void> {
  const { report } = await evaluateModel(model, dataset, options);
  if (report.failures.length) throw new Error(report.failures[0].message);
}
const times: number[][] = contenders.map(() => []);
for (let r = 0; r < Number(values.rounds); r++) {
  for (const [i, [, run]] of contenders.entries()) {
    const t = performance.now();
    await run();
    times[i].push((performance.now() - t) / tensors.length);
  }
}
await model.dispose();
const stats = times.map(summarize);
console.log(`street model, CamVid test (first ${tensors.length} frames, 480x360), ${availableParallelism()} cores, ${model.backend.workers} workers, ${runsPerImage} model run(s) per image`);
console.log('| contender | median ms/image | min ms/image | median / session.run | median / prediction pass |\n|---|---|---|---|---|');
contenders.forEach(([name], i) => {
  const s = stats[i];
  console.log(`| ${name} | ${s.median.toFixed(1)} | ${s.min.toFixed(1)} | ${(s.median / stats[0].median).toFixed(3)} | ${(s.median / stats[1].median).toFixed(3)} |`);
});
