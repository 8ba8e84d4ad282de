/**
 * Where the Transformers.js image-segmentation pipeline spends its time: the same steps as its `_call`, timed one by
 * one on a benchmark folder (bench/models prepares them), next to the whole pipeline call.
 *
 *   npx tsc -p . && node dist/bench/models/tjs-phases.js [--model street] [--size 2048x1024] [--runs 3]
 *
 * Phases: decode (RawImage.read), preprocess (the image processor), model (session.run through the model class),
 * post-process (post_process_semantic_segmentation: bilinear resize of the logits to the image, argmax); the rest of
 * the pipeline call is building one 0/255 mask per class present; `session.run in the call` is the model's share of
 * the whole call.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AutoModelForSemanticSegmentation, AutoProcessor, RawImage, env, pipeline } from '@huggingface/transformers';
import { summarize } from '../stats.js';
import { prepareImage } from './prepare.js';

const { values } = parseArgs({ options: { model: { type: 'string', default: 'street' }, size: { type: 'string', default: '2048x1024' }, runs: { type: 'string', default: '3' } } });
const root = new URL('../../../', import.meta.url).pathname;
const cache = join(root, '.cache', 'bench-models');
const [width, height] = values.size!.split('x').map(Number);
const image = await prepareImage(root, cache, width, height);
env.allowRemoteModels = false;
env.localModelPath = cache;
const options = { device: 'cpu', dtype: 'fp32', session_options: { intraOpNumThreads: 2, interOpNumThreads: 1 } } as const;
const processor = await AutoProcessor.from_pretrained(values.model!);
const model = await AutoModelForSemanticSegmentation.from_pretrained(values.model!, options);
// SegformerImageProcessor has it; the ImageProcessor type does not declare it.
const imageProcessor = processor.image_processor as unknown as { post_process_semantic_segmentation(output: unknown, sizes: number[][]): unknown };
const postProcess = imageProcessor.post_process_semantic_segmentation.bind(imageProcessor);
const segmenter = await pipeline('image-segmentation', values.model!, options);

const phases: Record<string, number[]> = { decode: [], preprocess: [], model: [], 'post-process': [], 'whole pipeline call': [], 'session.run in the call': [] };
// The onnxruntime session inside the pipeline, timed in place: how much of the whole call is the model itself.
const session = (segmenter.model as unknown as { sessions: Record<string, { run(...args: unknown[]): Promise<unknown> }> }).sessions.model;
const run = session.run.bind(session);
session.run = async (...args: unknown[]) => { const start = performance.now(); try { return await run(...args); } finally { phases['session.run in the call'].push(performance.now() - start); } };
const clock = (name: string, start: number) => { phases[name].push(performance.now() - start); return performance.now(); };
for (let round = -1; round < Number(values.runs); round++) {
  let t = performance.now();
  const raw = await RawImage.read(image);
  t = clock('decode', t);
  const inputs = await processor(raw);
  t = clock('preprocess', t);
  const output = await model(inputs);
  t = clock('model', t);
  postProcess(output, [[height, width]]);
  t = clock('post-process', t);
  await segmenter(image);
  clock('whole pipeline call', t);
  if (round === -1) for (const list of Object.values(phases)) list.length = 0;
}
console.log(`Transformers.js ${values.model} at ${values.size}, median (min) ms over ${values.runs} runs after one warm-up`);
for (const [name, times] of Object.entries(phases)) {
  const s = summarize(times);
  console.log(`${name.padEnd(20)} ${s.median.toFixed(0).padStart(7)} (${s.min.toFixed(0)})`);
}
await segmenter.dispose();
await model.dispose();
