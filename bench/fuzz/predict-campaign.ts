/**
 * Mutated images through `semseg predict`, in batches of many files per call (with the controls and odd names in
 * each), after one clean reference run of the controls that fixes their expected output bytes.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { FuzzContext } from './context.js';
import { watchedRun } from './context.js';
import { buildBatch, controlName, controlSeeds, type Batch } from './predict-batch.js';
import { checkPredict, readControlOutputs, type Reference } from './check-predict.js';
import type { Seed } from './seeds.js';

/** Arguments every predict call shares: two workers (concurrent loads and decodes are part of what is tested). */
export const PREDICT_FLAGS = ['--no-progress', '--workers', '2', '--threads', '1'];

/** Time allowed per predict call: start-up and model load, then a generous share per file. */
export function predictTimeout(files: number): number {
  return 30_000 + 400 * files;
}

export async function referenceRun(ctx: FuzzContext, seeds: Seed[]): Promise<Reference> {
  const dir = join(ctx.work, 'reference');
  const inDir = join(dir, 'in');
  const outDir = join(dir, 'out');
  await mkdir(inDir, { recursive: true });
  for (const seed of controlSeeds(seeds)) await writeFile(join(inDir, controlName(seed)), seed.bytes);
  const args = ['predict', inDir, '-o', outDir, ...PREDICT_FLAGS];
  const { run } = await watchedRun(ctx, 'predict', args, [dir], outDir, predictTimeout(5), () => []);
  if (run.code !== 0) throw new Error(`the clean reference run failed (exit ${run.code}): ${run.stderr.slice(0, 2000)}`);
  const reference: Reference = new Map();
  for (const seed of controlSeeds(seeds)) {
    const stem = controlName(seed).replace(/\.[^.]+$/, '');
    reference.set(stem, await readControlOutputs(outDir, stem));
  }
  return reference;
}

/** Inputs without outputs yet, mutated ones first: where a hang's culprit is (finished items have written theirs). */
async function unfinished(batch: Batch): Promise<string[]> {
  const done = new Set(await readdir(batch.outDir));
  const open = batch.inputs.filter((i) => i.kind !== 'control' && !done.has(`${basename(i.path).replace(/\.[^.]+$/, '')}.json`));
  return [...open.filter((i) => i.kind === 'mutated'), ...open.filter((i) => i.kind !== 'mutated')].slice(0, 20).map((i) => i.path);
}

/** One batch of `count` mutated images (numbered from `first`) plus the controls and odd names. */
export async function predictBatchRun(ctx: FuzzContext, seeds: Seed[], reference: Reference, index: number, first: number, count: number): Promise<void> {
  // Watched one level above the batch: a stem of ".." puts outputs beside the batch folder, not only beside --out.
  const root = join(ctx.work, `predict-${index}`);
  const batch = await buildBatch(join(root, 'batch'), seeds, count, first, ctx.random);
  const args = ['predict', batch.inDir, '-r', '-o', batch.outDir, ...PREDICT_FLAGS];
  const { run } = await watchedRun(ctx, 'predict', args, [root], batch.outDir, predictTimeout(batch.inputs.length), () => unfinished(batch));
  await checkPredict(ctx, 'predict', batch, run, reference);
  await rm(root, { recursive: true, force: true });
}
