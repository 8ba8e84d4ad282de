/**
 * Mutated label maps through `semseg eval --pred <dir> --gt <dir>`: per sample either the prediction, the ground
 * truth or neither is a mutated copy of a valid label PNG (from the reference run). report.json must account for
 * every sample once, failures must carry a known code and a bounded one-line message that blames the right side.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commandLine, crashReason, errorLines, itemErrorProblem, readJson } from './cli-output.js';
import { watchedRun, type FuzzContext } from './context.js';
import { mutateImage } from './mutate-image.js';
import type { Seed } from './seeds.js';
import { count } from './tally.js';

interface EvalReport {
  images: { id: string }[];
  failures: { id: string; code: string; message: string }[];
}

type Side = 'pred' | 'gt' | 'none';

const EVAL_TIMEOUT_MS = 60_000;

async function checkReport(ctx: FuzzContext, outDir: string, sides: Map<string, { side: Side; detail: string; file?: string }>, command: string, stderrErrors: number): Promise<void> {
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
    if (sample.side !== 'none') count(ctx.tallies.eval, sample.side === 'gt' ? 'ground truth' : 'prediction', failure ? failure.code : undefined);
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

/** One eval round of `samples` samples; returns how many mutated label files it tried. */
export async function evalRound(ctx: FuzzContext, labelSeeds: Seed[], cardPath: string, index: number, samples: number): Promise<number> {
  const dir = join(ctx.work, `eval-${index}`);
  const predDir = join(dir, 'pred');
  const gtDir = join(dir, 'gt');
  const outDir = join(dir, 'out');
  await mkdir(predDir, { recursive: true });
  await mkdir(gtDir, { recursive: true });
  const sides = new Map<string, { side: Side; detail: string; file?: string }>();
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
  const args = ['eval', '--pred', predDir, '--gt', gtDir, '--classes', cardPath, '-o', outDir, '--report', 'json', '--bootstrap', '0', '--no-progress'];
  const { run } = await watchedRun(ctx, 'eval', args, [dir], outDir, EVAL_TIMEOUT_MS, () => [...sides.values()].flatMap((s) => (s.file ? [s.file] : [])).slice(0, 20));
  const command = commandLine(args);
  const crash = crashReason(run);
  if (crash) await ctx.log.add('crash', 'eval', crash, errorLines(run).slice(-3).join('\n').slice(0, 600), [], command);
  else if (!run.timedOut && run.code === 2) {
    const lines = errorLines(run);
    await ctx.log.add('bad-error', 'eval', 'eval refused the whole dataset over mutated files', lines.slice(0, 3).join(' | ').slice(0, 400), [], command);
  } else if (!run.timedOut) await checkReport(ctx, outDir, sides, command, errorLines(run).length);
  await rm(dir, { recursive: true, force: true });
  return [...sides.values()].filter((s) => s.side !== 'none').length;
}
