/**
 * `semseg eval` against the model time alone, on the same CamVid frames.
 *
 *   npm run bench:eval [-- --images 40 --rounds 20]
 *
 * Rounds alternate between the contenders. Model time: one onnxruntime session in this thread (all cores), one
 * session.run per image on the decoded, normalised tensors (decoding excluded). Eval: evaluateModel on a dataset
 * of the same images with the default options (boundary IoU, calibration, per-image metrics; bootstrap off since it
 * runs once per report, not per image). Reports median and minimum per image.
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

const { values } = parseArgs({ options: { images: { type: 'string', default: '40' }, rounds: { type: 'string', default: '20' }, root: { type: 'string', default: '../shared/data/camvid' } } });
const dataset = await openDataset(`camvid:${values.root}`, { split: 'test' });
dataset.samples = dataset.samples.slice(0, Number(values.images));
const model = await loadModel('street');
const session = await ort.InferenceSession.create(model.modelPath, { graphOptimizationLevel: 'all', intraOpNumThreads: availableParallelism(), interOpNumThreads: 1, executionMode: 'sequential' });
const tensors = [];
for (const s of dataset.samples) {
  const image = await decodeImage(s.imagePath);
  const t = imageToTensor(image, planInput(image.width, image.height, model.card.input), model.card.input);
  tensors.push(new ort.Tensor('float32', t.data as Float32Array, t.dims));
}
const options = { profile: 'mmseg' as const, boundary: true, calibration: true, bootstrap: 0, worst: 6 };
const modelTimes: number[] = [];
const evalTimes: number[] = [];
for (let r = 0; r < Number(values.rounds); r++) {
  let t = performance.now();
  for (const input of tensors) await session.run({ input });
  modelTimes.push((performance.now() - t) / tensors.length);
  t = performance.now();
  const { report } = await evaluateModel(model, dataset, options);
  evalTimes.push((performance.now() - t) / tensors.length);
  if (report.failures.length) throw new Error(report.failures[0].message);
}
await model.dispose();
const a = summarize(modelTimes);
const b = summarize(evalTimes);
console.log(`street model, CamVid test (first ${tensors.length} frames, 480x360), ${availableParallelism()} cores`);
console.log('| contender | median ms/image | min ms/image | rounds |\n|---|---|---|---|');
console.log(`| model time: session.run only | ${a.median.toFixed(1)} | ${a.min.toFixed(1)} | ${a.runs} |`);
console.log(`| semseg eval (decode, infer, labels, all metrics) | ${b.median.toFixed(1)} | ${b.min.toFixed(1)} | ${b.runs} |`);
console.log(`ratio eval / model: median ${(b.median / a.median).toFixed(3)}, min ${(b.min / a.min).toFixed(3)}`);
