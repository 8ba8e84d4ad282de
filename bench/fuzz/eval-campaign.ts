/**
 * Mutated files through `semseg eval`, alternating two kinds of rounds. Labels: `--pred <dir> --gt <dir>`, per
 * sample the prediction, the ground truth or neither a mutated copy of a valid label PNG (from the reference run).
 * Images: `--model street --dataset folder:<root>`, per sample a mutated image of any format or a valid one, with
 * valid labels. report.json must account for every sample once; failures must carry a known code and a bounded
 * one-line message that blames the right side; valid samples must not fail.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commandLine, crashReason, errorLines, itemErrorProblem, readJson, stderrGist } from './cli-output.js';
import { watchedRun, type FuzzContext } from './context.js';
import { mutateImage } from './mutate-image.js';
import { EXTENSION, type Seed } from './seeds.js';
import { count } from './tally.js';

interface EvalReport {
  images: { id: string }[];
  failures: { id: string; code: string; message: string }[];
}

type Side = 'pred' | 'gt' | 'image' | 'none';
type Sample = { side: Side; detail: string; file?: string };
const GROUP: Record<Side, string> = { pred: 'prediction', gt: 'ground truth', image: 'image (eval --model)', none: 'valid' };

const EVAL_TIMEOUT_MS = 90_000;

async function checkReport(ctx: FuzzContext, outDir: string, sides: Map<string, Sample>, command: string, stderrErrors: number): Promise<void> {
  const report = await readJson<EvalReport>(join(outDir, 'report.json'));
  if (!report || !Array.isArray(report.images) || !Array.isArray(report.failures)) {
    await ctx.log.add('incomplete-summary', 'eval', 'no readable report.json', command, [], command);
    return;
  }
  const seen = new Map<string, number>();
  for (const id of [...report.images.map((i) => i.id), ...report.failures.map((f) => f.id)]) seen.set(id, (seen.get(id) ?? 0) + 1);
  for (const [id, sample] of sides) {
    const times = seen.get(id) ?? 0;
    const failure = report.failures.find((f) => f.id === id);
    if (times !== 1) await ctx.log.add('incomplete-summary', 'eval', times === 0 ? 'sample missing from report.json' : 'sample listed more than once', `${id} (${sample.detail}) listed ${times} times`, sample.file ? [sample.file] : [], command);
    if (sample.side !== 'none') count(ctx.tallies.eval, GROUP[sample.side], failure ? failure.code : undefined);
    if (sample.side === 'none' && failure) await ctx.log.add('control-mismatch', 'eval', 'a valid sample failed', `${id}: ${failure.message}`, [], command);
    if (!failure) continue;
    const problem = itemErrorProblem(failure.code, failure.message);
    if (problem) await ctx.log.add('bad-error', 'eval', problem, `${id} (${sample.detail}): ${JSON.stringify(failure.message.slice(0, 300))}`, sample.file ? [sample.file] : [], command);
    if (sample.side === 'gt' && /prediction/i.test(failure.message) && !/ground.truth|label/i.test(failure.message)) {
      await ctx.log.add('bad-error', 'eval', 'a corrupt ground truth blamed on the prediction', `${id}: ${failure.message.slice(0, 300)}`, sample.file ? [sample.file] : [], command);
    }
  }
  if (stderrErrors !== report.failures.length) await ctx.log.add('bad-error', 'eval', 'stderr lines do not match the failed samples', `${stderrErrors} error lines for ${report.failures.length} failures`, [], command);
}

/** --pred/--gt folders: a third of the samples with a mutated prediction, a third with a mutated ground truth. */
async function labelRound(ctx: FuzzContext, dir: string, labelSeeds: Seed[], samples: number): Promise<{ args: string[]; sides: Map<string, Sample> }> {
  const predDir = join(dir, 'pred');
  const gtDir = join(dir, 'gt');
  await mkdir(predDir, { recursive: true });
  await mkdir(gtDir, { recursive: true });
  const sides = new Map<string, Sample>();
  for (let i = 0; i < samples; i++) {
    const id = `s${String(i).padStart(4, '0')}`;
    const seed = ctx.random.pick(labelSeeds);
    const side: Side = i % 3 === 0 ? 'none' : i % 3 === 1 ? 'pred' : 'gt';
    const mutated = side === 'none' ? undefined : mutateImage(seed, ctx.random);
    const file = side === 'none' ? undefined : join(side === 'pred' ? predDir : gtDir, `${id}.png`);
    await writeFile(join(gtDir, `${id}.png`), side === 'gt' ? mutated!.bytes : seed.bytes);
    await writeFile(join(predDir, `${id}.png`), side === 'pred' ? mutated!.bytes : seed.bytes);
    sides.set(id, { side, detail: mutated ? `${side}: ${mutated.detail}` : 'valid pair', file });
  }
  return { args: ['--pred', predDir, '--gt', gtDir], sides };
}

/** A folder dataset for --model: two thirds of the images mutated (any format), all labels valid. */
async function imageRound(ctx: FuzzContext, dir: string, imageSeeds: Seed[], labelSeeds: Seed[], samples: number): Promise<{ args: string[]; sides: Map<string, Sample> }> {
  await mkdir(join(dir, 'data', 'images'), { recursive: true });
  await mkdir(join(dir, 'data', 'labels'), { recursive: true });
  const sides = new Map<string, Sample>();
  for (let i = 0; i < samples; i++) {
    const id = `s${String(i).padStart(4, '0')}`;
    const seed = ctx.random.pick(imageSeeds);
    const mutated = i % 3 === 0 ? undefined : mutateImage(seed, ctx.random);
    const file = join(dir, 'data', 'images', `${id}.${EXTENSION[seed.format]}`);
    await writeFile(file, mutated ? mutated.bytes : seed.bytes);
    await writeFile(join(dir, 'data', 'labels', `${id}.png`), ctx.random.pick(labelSeeds).bytes);
    sides.set(id, { side: mutated ? 'image' : 'none', detail: mutated ? `${seed.format}: ${mutated.detail}` : `valid ${seed.format}`, file: mutated ? file : undefined });
  }
  return { args: ['--model', 'street', '--dataset', `folder:${join(dir, 'data')}`, '--workers', '2', '--threads', '1'], sides };
}

export interface EvalSeeds {
  images: Seed[];
  labels: Seed[];
  cardPath: string;
}

/** One eval round of `samples` samples (odd rounds run the model on mutated images); returns the mutated files. */
export async function evalRound(ctx: FuzzContext, seeds: EvalSeeds, index: number, samples: number): Promise<number> {
  const dir = join(ctx.work, `eval-${index}`);
  const outDir = join(dir, 'out');
  const round = index % 2 === 0 ? await labelRound(ctx, dir, seeds.labels, samples) : await imageRound(ctx, dir, seeds.images, seeds.labels, samples);
  const { sides } = round;
  const args = ['eval', ...round.args, '--classes', seeds.cardPath, '-o', outDir, '--report', 'json', '--bootstrap', '0', '--no-progress'];
  const { run } = await watchedRun(ctx, 'eval', args, [dir], outDir, EVAL_TIMEOUT_MS, () => [...sides.values()].flatMap((s) => (s.file ? [s.file] : [])).slice(0, 20));
  const command = commandLine(args);
  const crash = crashReason(run);
  if (crash) await ctx.log.add('crash', 'eval', crash, stderrGist(run), [], command);
  else if (!run.timedOut && run.code === 2) {
    const lines = errorLines(run);
    await ctx.log.add('bad-error', 'eval', 'eval refused the whole dataset over mutated files', lines.slice(0, 3).join(' | ').slice(0, 400), [], command);
  } else if (!run.timedOut) await checkReport(ctx, outDir, sides, command, errorLines(run).length);
  await rm(dir, { recursive: true, force: true });
  return [...sides.values()].filter((s) => s.side !== 'none').length;
}
