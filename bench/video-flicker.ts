/**
 * Flicker and accuracy of temporal smoothing on CamVid's consecutive test frames (street model).
 *
 *   npm run bench:flicker [-- --sequence 0001TP --smooth 0.3,0.6,0.8 --root ../shared/data/camvid]
 *
 * The frames of one test sequence in order (CamVid labels every 30th frame of its 30 fps videos, so neighbours are
 * 1 s apart), each through the model once; the probabilities then go through the moving average for every alpha
 * asked (0 = none). Per alpha: flicker (mean share of pixels whose label changes between consecutive frames) and
 * mIoU / pixel accuracy against the ground truth (void ignored), which every frame of the sequence has. For scale,
 * the ground truth's own change between neighbours (pixels not void in either frame): what real motion accounts for.
 */
import { parseArgs } from 'node:util';
import { openDataset } from '../src/datasets/index.js';
import { decodeImage } from '../src/io/decode.js';
import { readLabelImage } from '../src/datasets/read-label-image.js';
import { loadModel } from '../src/models/load.js';
import { argmaxPlanes, classProbabilities } from '../src/inference/probabilities.js';
import { createConfusionMatrix, computeMetrics } from '../src/metrics/index.js';
import { ProbabilitySmoother } from '../src/video/smoothing.js';
import { FlickerMeter } from '../src/video/flicker.js';

const { values } = parseArgs({ options: { sequence: { type: 'string', default: '0001TP' }, smooth: { type: 'string', default: '0.3,0.6,0.8' }, root: { type: 'string', default: '../shared/data/camvid' }, frames: { type: 'string' } } });
const alphas = [0, ...values.smooth!.split(',').map(Number).filter((a) => a > 0)];
const dataset = await openDataset(`camvid:${values.root}`, { split: 'test' });
let samples = dataset.samples.filter((s) => s.id.startsWith(`${values.sequence}_`)).sort((a, b) => (a.id < b.id ? -1 : 1));
if (values.frames) samples = samples.slice(0, Number(values.frames));
if (samples.length < 2) throw new Error(`Expected at least two frames of sequence ${values.sequence} in ${values.root}/test`);
const model = await loadModel('street');
const runs = alphas.map((alpha) => ({
  alpha,
  smoother: new ProbabilitySmoother(alpha),
  flicker: new FlickerMeter(),
  matrix: createConfusionMatrix({ numClasses: dataset.classes.length, ignoreIndex: dataset.ignoreIndex }),
}));
const started = performance.now();
let previousTruth: Uint8Array | Uint16Array | undefined;
let truthChange = 0;
for (const sample of samples) {
  const image = await decodeImage(sample.imagePath);
  const gt = await readLabelImage(sample.labelPath!, 'ids');
  const own = await classProbabilities(model, image);
  if (previousTruth) {
    let changed = 0;
    let counted = 0;
    for (let i = 0; i < gt.data.length; i++) {
      if (gt.data[i] === dataset.ignoreIndex || previousTruth[i] === dataset.ignoreIndex) continue;
      counted++;
      if (gt.data[i] !== previousTruth[i]) changed++;
    }
    truthChange += changed / counted;
  }
  previousTruth = gt.data;
  for (const run of runs) {
    const planes = run.smoother.next(own);
    const labels = new Uint8Array(image.width * image.height);
    argmaxPlanes(planes, labels);
    run.flicker.add(labels);
    run.matrix.update({ labels: gt.data, width: gt.width, height: gt.height }, { labels, width: image.width, height: image.height });
  }
}
await model.dispose();
const pct = (v: number) => (v * 100).toFixed(2);
console.log(`CamVid test sequence ${values.sequence}: ${samples.length} frames (${runs[0].flicker.transitions} transitions), street model, ${((performance.now() - started) / 1000).toFixed(0)} s`);
console.log('| --smooth | flicker (% of pixels per frame) | mIoU (%) | pixel accuracy (%) |');
console.log('|---|---|---|---|');
console.log(`| ground truth (real motion) | ${pct(truthChange / (samples.length - 1))} | | |`);
for (const run of runs) {
  const m = computeMetrics(run.matrix);
  console.log(`| ${run.alpha === 0 ? 'none' : run.alpha} | ${pct(run.flicker.mean)} | ${pct(m.mIoU)} | ${pct(m.aAcc)} |`);
}
