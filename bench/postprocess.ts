/**
 * Post-processing of low-resolution logits: the fused WebAssembly resize + argmax (+ confidence) that
 * scoresToLabels takes, against the JS loop it replaces (taken when the mean entropy is asked), on 11-class logits at
 * 1/8 and 1/4 of a 2048x1024 image. Contenders alternate within each round; median and minimum of the rounds.
 *
 *   npm run bench:postprocess [-- --rounds 20]
 */
import { parseArgs } from 'node:util';
import { decideLabels, type LabelOptions } from '../src/postprocess/scores-to-labels.js';
import { outputSpecSchema } from '../src/models/card-schema.js';
import type { InputPlan } from '../src/preprocess/plan.js';
import { summarize } from './stats.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '20' } } });
const rounds = Number(values.rounds);
const [C, W, H] = [11, 2048, 1024];
const plan: InputPlan = { imageWidth: W, imageHeight: H, inputWidth: W, inputHeight: H, contentX: 0, contentY: 0, contentWidth: W, contentHeight: H };
const spec = outputSpecSchema.parse({});
const contenders: Array<[string, LabelOptions]> = [
  ['fused, labels', { confidence: false }],
  ['fused, labels + confidence', {}],
  ['JS loop, labels + confidence (+ entropy)', { entropy: true }],
];

console.log(`| logits | ${contenders.map(([name]) => name).join(' | ')} |`);
console.log(`|---|${contenders.map(() => '---|').join('')}`);
for (const factor of [8, 4]) {
  const [h, w] = [H / factor, W / factor];
  // Smooth logits spread over a few units, like an untrained or lightly trained head: few classes can be skipped.
  const data = Float32Array.from({ length: C * h * w }, (_, i) => Math.sin(i * 0.37) * 4 + Math.cos(i * 0.011) * 3);
  const output = { type: 'float32' as const, data, dims: [1, C, h, w] };
  const times = contenders.map(() => [] as number[]);
  for (let round = 0; round < rounds + 2; round++) {
    contenders.forEach(([, options], i) => {
      const start = performance.now();
      decideLabels(output, plan, spec, C, options);
      if (round >= 2) times[i].push(performance.now() - start);
    });
  }
  const cells = times.map((t) => {
    const s = summarize(t);
    return `${s.median.toFixed(1)} ms (min ${s.min.toFixed(1)})`;
  });
  console.log(`| 1/${factor} (${w}x${h}) -> ${W}x${H} | ${cells.join(' | ')} |`);
}
