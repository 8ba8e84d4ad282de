/**
 * The three ways of segmenting one image that bench/models compares, each timed the same way: a few warm-up runs,
 * then `runs` timed runs of one image after another. Every contender loads the same ONNX graph with 2 intra-op
 * threads in total.
 *
 * - raw: one onnxruntime-node session, `session.run` on a tensor prepared once outside the timing (no decode, no
 *   pre- or post-processing): the floor.
 * - semseg: the library as a user calls it: `loadModel(folder)` (card from `semseg models import`), then per run
 *   `decodeImage(file)` + `segment(model, image, { confidence: false, tta: {} })` -> LabelMap (labels of every
 *   pixel; one model run: street's card asks for flip TTA, which would be two).
 * - transformers.js: `pipeline('image-segmentation', name)` on the same folder (local files only), then per run
 *   `segmenter(file)`: decode (sharp), rescale + normalise at the image's size, run, bilinear resize of the logits
 *   to the image size, argmax, and one 0/255 mask per class present (its output).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { decodeImage, loadModel, segment } from '../../src/index.js';

export interface RunSpec {
  /** HF layout folder: config.json, preprocessor_config.json, onnx/model.onnx (and card.json for semseg). */
  folder: string;
  image: string;
  width: number;
  height: number;
  warmup: number;
  runs: number;
}

export type TimedRun = () => Promise<void>;

async function timed(run: TimedRun, warmup: number, runs: number): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return times;
}

/** Labels only (Transformers.js computes no probabilities) from one model run (no card TTA), like the others. */
const NO_TTA_LABELS = { confidence: false, tta: {} };

export const onnxPath = (folder: string) => join(folder, 'onnx', 'model.onnx');

export async function timeRaw(spec: RunSpec): Promise<number[]> {
  const session = await ort.InferenceSession.create(onnxPath(spec.folder), {
    graphOptimizationLevel: 'all', intraOpNumThreads: 2, interOpNumThreads: 1, executionMode: 'sequential',
  });
  const pixels = new Float32Array(3 * spec.width * spec.height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.sin(i) * 2;
  const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', pixels, [1, 3, spec.height, spec.width]) };
  try {
    return await timed(async () => { await session.run(feeds); }, spec.warmup, spec.runs);
  } finally {
    await session.release();
  }
}

export async function timeSemseg(spec: RunSpec): Promise<number[]> {
  const model = await loadModel(spec.folder, { workers: 1, threadsPerWorker: 2 });
  try {
    return await timed(async () => {
      const map = await segment(model, await decodeImage(spec.image), NO_TTA_LABELS);
      if (map.width !== spec.width || map.height !== spec.height) throw new Error(`semseg answered ${map.width}x${map.height}`);
    }, spec.warmup, spec.runs);
  } finally {
    await model.dispose();
  }
}

export async function timeTransformersJs(spec: RunSpec): Promise<number[]> {
  const { env, pipeline } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = join(spec.folder, '..');
  const name = spec.folder.split(/[\\/]/).filter(Boolean).at(-1)!;
  const segmenter = await pipeline('image-segmentation', name, {
    device: 'cpu', dtype: 'fp32', session_options: { intraOpNumThreads: 2, interOpNumThreads: 1 },
  });
  try {
    return await timed(async () => {
      const masks = await segmenter(spec.image);
      if (masks.length === 0 || masks[0].mask.width !== spec.width || masks[0].mask.height !== spec.height) {
        throw new Error(`transformers.js answered ${masks.length} masks of ${masks[0]?.mask.width}x${masks[0]?.mask.height}`);
      }
    }, spec.warmup, spec.runs);
  } finally {
    await segmenter.dispose();
  }
}

/**
 * semseg throughput: `images` decodes + segments of the same file with `workers` x `threadsPerWorker`, two images
 * per worker in flight (the next one decoded while a worker runs). Returns images per second for each of `rounds`.
 */
export async function semsegThroughput(spec: RunSpec, workers: number, threadsPerWorker: number, images: number, rounds: number): Promise<number[]> {
  const model = await loadModel(spec.folder, { workers, threadsPerWorker });
  const one = async () => { await segment(model, await decodeImage(spec.image), NO_TTA_LABELS); };
  try {
    for (let i = 0; i < workers * Math.max(1, spec.warmup); i++) await one();
    const rates: number[] = [];
    for (let r = 0; r < rounds; r++) {
      let next = 0;
      const start = performance.now();
      const lane = async () => { while (next++ < images) await one(); };
      await Promise.all(Array.from({ length: 2 * workers }, lane));
      rates.push(images / ((performance.now() - start) / 1000));
    }
    return rates;
  } finally {
    await model.dispose();
  }
}

export async function packageVersion(name: string): Promise<string> {
  const url = new URL(name === '..' ? '../../../package.json' : `../../../node_modules/${name}/package.json`, import.meta.url);
  return (JSON.parse(await readFile(url, 'utf8')) as { version: string }).version;
}
