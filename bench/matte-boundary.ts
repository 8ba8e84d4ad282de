/**
 * Edge quality of the person matte of `semseg background` on CamVid test frames with pedestrians.
 *
 *   npm run bench:matte [-- --min-pixels 200 --tolerance 1,2,4 --images 233 --root ../shared/data/camvid]
 *
 * Frames whose ground truth has at least --min-pixels pedestrian pixels. For each model (street: foreground
 * pedestrian; person: MediaPipe selfie, foreground person) and matte variant (the probabilities as they are; feathered
 * 2 px, the default; feathered + guided filter), the matte is thresholded at 0.5 and its boundary compared with the
 * ground truth's pedestrian boundary (boundary F-score, src/metrics/boundary-f.ts, counts summed over frames; void
 * pixels left out), at each tolerance in pixels. Mask IoU of the thresholded matte is given for reference.
 */
import { parseArgs } from 'node:util';
import { openDataset } from '../src/datasets/index.js';
import { decodeImage } from '../src/io/decode.js';
import { readLabelImage } from '../src/datasets/read-label-image.js';
import { loadModel } from '../src/models/load.js';
import { classProbabilities } from '../src/inference/probabilities.js';
import { buildMatte } from '../src/background/refine-matte.js';
import { thresholdMatte } from '../src/background/matte.js';
import { resolveForeground } from '../src/background/foreground-classes.js';
import type { MatteOptions } from '../src/background/types.js';
import { addBoundaryCounts, boundaryCounts, boundaryFScore, type BoundaryCounts } from '../src/metrics/boundary-f.js';

const { values } = parseArgs({ options: { 'min-pixels': { type: 'string', default: '200' }, tolerance: { type: 'string', default: '1,2,4' }, images: { type: 'string', default: '233' }, root: { type: 'string', default: '../shared/data/camvid' }, models: { type: 'string', default: 'street,person' } } });
const PEDESTRIAN = 9;
const tolerances = values.tolerance!.split(',').map(Number);
const dataset = await openDataset(`camvid:${values.root}`, { split: 'test' });
const frames: { imagePath: string; truth: Uint8Array; valid: Uint8Array; width: number; height: number }[] = [];
for (const sample of dataset.samples.slice(0, Number(values.images))) {
  const gt = await readLabelImage(sample.labelPath!, 'ids');
  const truth = new Uint8Array(gt.data.length);
  const valid = new Uint8Array(gt.data.length);
  let pedestrians = 0;
  for (let i = 0; i < gt.data.length; i++) {
    truth[i] = gt.data[i] === PEDESTRIAN ? 1 : 0;
    valid[i] = gt.data[i] === dataset.ignoreIndex ? 0 : 1;
    pedestrians += truth[i];
  }
  if (pedestrians >= Number(values['min-pixels'])) frames.push({ imagePath: sample.imagePath, truth, valid, width: gt.width, height: gt.height });
}
const variants: { name: string; options: Omit<MatteOptions, 'foreground'> }[] = [
  { name: 'probabilities as they are (--feather 0)', options: { feather: 0 } },
  { name: 'feathered 2 px (default)', options: { feather: 2 } },
  { name: 'feathered + guided filter (--refine guided)', options: { feather: 2, refine: 'guided' } },
  { name: 'feathered + guided filter, radius 4 (--guided-radius 4)', options: { feather: 2, refine: 'guided', guidedRadius: 4 } },
  { name: 'guided filter, radius 4, eps 1e-4 (--feather 0 --guided-radius 4 --guided-epsilon 1e-4)', options: { feather: 0, refine: 'guided', guidedRadius: 4, guidedEpsilon: 1e-4 } },
];
console.log(`CamVid test frames with at least ${values['min-pixels']} pedestrian pixels: ${frames.length}`);
console.log(`| model | matte | ${tolerances.map((t) => `boundary F @${t} px`).join(' | ')} | P / R @${tolerances[1] ?? tolerances[0]} px | mask IoU |`);
console.log(`|---|---|${tolerances.map(() => '---|').join('')}---|---|`);
for (const name of values.models!.split(',')) {
  const model = await loadModel(name);
  const foreground = resolveForeground(model.card.classes, model.card.name);
  const totals = variants.map(() => ({ counts: tolerances.map((): BoundaryCounts => ({ predicted: 0, predictedMatched: 0, truth: 0, truthMatched: 0 })), inter: 0, union: 0 }));
  for (const frame of frames) {
    const image = await decodeImage(frame.imagePath);
    const planes = await classProbabilities(model, image);
    variants.forEach((variant, v) => {
      const mask = thresholdMatte(buildMatte(image, planes, { ...variant.options, foreground }));
      tolerances.forEach((t, k) => addBoundaryCounts(totals[v].counts[k], boundaryCounts(mask, frame.truth, frame.width, frame.height, t, frame.valid)));
      for (let i = 0; i < mask.length; i++) {
        if (!frame.valid[i]) continue;
        if (mask[i] && frame.truth[i]) totals[v].inter++;
        if (mask[i] || frame.truth[i]) totals[v].union++;
      }
    });
  }
  await model.dispose();
  variants.forEach((variant, v) => {
    const scores = totals[v].counts.map(boundaryFScore);
    const mid = scores[Math.min(1, scores.length - 1)];
    const pct = (x: number) => (x * 100).toFixed(1);
    console.log(`| ${name} (${foreground.map((id) => model.card.classes[id].name).join(',')}) | ${variant.name} | ${scores.map((s) => pct(s.f)).join(' | ')} | ${pct(mid.precision)} / ${pct(mid.recall)} | ${pct(totals[v].inter / totals[v].union)} |`);
  });
}
