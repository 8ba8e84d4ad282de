/**
 * A whole fuzz run: seeds, the clean reference run, then predict batches, eval rounds and model cases interleaved
 * so each campaign keeps its share when the time limit cuts the run short. Returns the report's data; main.ts and
 * the CI smoke test both call it.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FuzzContext } from './context.js';
import { evalRound } from './eval-campaign.js';
import { FindingLog, type Finding } from './findings.js';
import { modelAssets, modelRun } from './model-campaign.js';
import { pathsCampaign } from './paths-campaign.js';
import { predictBatchRun, referenceRun } from './predict-campaign.js';
import { createRandom } from './random.js';
import { makeSeeds, type Seed } from './seeds.js';
import type { Tallies } from './tally.js';

export interface FuzzOptions {
  seed: number;
  images: number;
  models: number;
  seconds: number;
  out: string;
  /** Mutated images per predict call. */
  perBatch: number;
  /** Eval samples per mutated image run through predict (eval reads label PNGs, no inference). */
  evalShare: number;
  repoRoot: string;
  /** Keep the scratch folder (for debugging the harness). */
  keepWork?: boolean;
}

export interface FuzzResult {
  options: Omit<FuzzOptions, 'repoRoot'>;
  done: { images: number; models: number; evalFiles: number; invocations: number; seconds: number; stoppedByTime: boolean };
  /** Per campaign: CLI calls and the seconds they took (to size the full run). */
  time: Record<string, { calls: number; seconds: number }>;
  tallies: FuzzContext['tallies'];
  totals: { crashes: number; hangs: number; writesOutside: number; incompleteSummaries: number; badErrors: number; controlMismatches: number; collisions: number };
  findings: Finding[];
}

const EVAL_ROUND = 60;
/** Model cases side by side: most of one is start-up (Node, sharp, onnxruntime), which a second core overlaps. */
const MODEL_PARALLEL = 4;

async function labelSeeds(work: string): Promise<Seed[]> {
  const names = ['png', 'jpeg', 'webp', 'tiff', 'gif'].map((f) => join(work, 'reference', 'out', `control-${f}.labels.png`));
  return Promise.all(names.map(async (path) => ({ format: 'png' as const, sample: path, bytes: new Uint8Array(await readFile(path)) })));
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzResult> {
  const started = performance.now();
  const out = resolve(options.out);
  // Reproducers of an earlier run in the same folder would mix with this run's.
  await rm(join(out, 'findings'), { recursive: true, force: true });
  await mkdir(join(out, 'findings'), { recursive: true });
  const work = await mkdtemp(join(tmpdir(), 'semseg-fuzz-'));
  const tallies = { images: {} as Tallies, mutations: {} as Tallies, models: {} as Tallies, eval: {} as Tallies };
  const ctx: FuzzContext = {
    cliPath: join(options.repoRoot, 'dist', 'src', 'cli', 'main.js'),
    repoRoot: options.repoRoot,
    work,
    log: new FindingLog(join(out, 'findings')),
    random: createRandom(options.seed),
    tallies,
    counters: { invocations: 0, milliseconds: {}, calls: {} },
    deadline: started + options.seconds * 1000,
  };
  const done = { images: 0, models: 0, evalFiles: 0 };
  const evalTarget = Math.ceil(options.images * options.evalShare);
  const finished = () => done.images >= options.images && done.models >= options.models && done.evalFiles >= evalTarget;
  try {
    const seeds = await makeSeeds(join(options.repoRoot, 'samples'));
    const reference = await referenceRun(ctx, seeds);
    const labels = await labelSeeds(work);
    const assets = await modelAssets(ctx, seeds);
    const cardPath = join(options.repoRoot, 'models', 'street', 'card.json');
    await pathsCampaign(ctx, seeds);
    for (let batch = 0, round = 0; performance.now() < ctx.deadline; batch++) {
      const share = () => Math.min(1, (done.images + 1) / Math.max(1, options.images));
      if (done.images < options.images) {
        const count = Math.min(options.perBatch, options.images - done.images);
        await predictBatchRun(ctx, seeds, reference, batch, done.images, count);
        done.images += count;
      }
      while (done.evalFiles < evalTarget * share() && performance.now() < ctx.deadline) {
        done.evalFiles += await evalRound(ctx, { images: seeds, labels, cardPath }, round++, Math.min(EVAL_ROUND, Math.ceil(((evalTarget - done.evalFiles) * 3) / 2)));
      }
      const modelTarget = Math.ceil(options.models * (done.images >= options.images ? 1 : share()));
      while (done.models < modelTarget && performance.now() < ctx.deadline) {
        const n = Math.min(MODEL_PARALLEL, modelTarget - done.models);
        await Promise.all(Array.from({ length: n }, (_, k) => modelRun(ctx, assets, done.models + k)));
        done.models += n;
      }
      if (finished()) break;
    }
  } finally {
    if (!options.keepWork) await rm(work, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  const { repoRoot: _, ...shown } = options;
  return {
    options: shown,
    done: { ...done, invocations: ctx.counters.invocations, seconds, stoppedByTime: !finished() },
    time: Object.fromEntries(Object.entries(ctx.counters.calls).map(([c, calls]) => [c, { calls, seconds: ctx.counters.milliseconds[c] / 1000 }])),
    tallies,
    totals: {
      crashes: ctx.log.count('crash'),
      hangs: ctx.log.count('hang'),
      writesOutside: ctx.log.count('write-outside'),
      incompleteSummaries: ctx.log.count('incomplete-summary'),
      badErrors: ctx.log.count('bad-error'),
      controlMismatches: ctx.log.count('control-mismatch'),
      collisions: ctx.log.count('output-collision'),
    },
    findings: ctx.log.findings,
  };
}
