/**
 * Input trees and output paths that are hostile by shape rather than content: symbolic-link loops under `-r`
 * (each real file must be processed once, loops skipped) and an `--out` that is an existing file (one line, exit 2).
 */
import { mkdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commandLine, crashReason, errorLines, readJson, stderrGist, type Summary } from './cli-output.js';
import { watchedRun, type FuzzContext } from './context.js';
import { PREDICT_FLAGS } from './predict-campaign.js';
import type { Seed } from './seeds.js';

const LOOPS: { name: string; links: [string, string][] }[] = [
  { name: 'one link to its own folder', links: [['self', '.']] },
  { name: 'two links to their own folder', links: [['self', '.'], ['again', '.']] },
  { name: 'a link to its folder and one to the parent', links: [['self', '.'], ['up', '..']] },
];
const PATHS_TIMEOUT_MS = 25_000;

async function loopCase(ctx: FuzzContext, png: Seed, index: number): Promise<void> {
  const loop = LOOPS[index];
  const dir = join(ctx.work, `paths-${index}`);
  const inDir = join(dir, 'tree', 'in');
  const outDir = join(dir, 'out');
  await mkdir(inDir, { recursive: true });
  const image = join(inDir, 'control-png.png');
  await writeFile(image, png.bytes);
  for (const [name, target] of loop.links) await symlink(target, join(inDir, name));
  const args = ['predict', inDir, '-r', '-o', outDir, ...PREDICT_FLAGS];
  const { run } = await watchedRun(ctx, 'paths', args, [dir], outDir, PATHS_TIMEOUT_MS, () => []);
  const command = commandLine(args);
  const crash = crashReason(run);
  if (crash) await ctx.log.add('crash', 'paths', `${crash} on ${loop.name}`, stderrGist(run), [], command);
  if (run.timedOut || crash) return;
  const summary = await readJson<Summary>(join(outDir, 'summary.json'));
  const real = await realpath(image);
  const times = (await Promise.all((summary?.results ?? []).map((r) => realpath(r.file).catch(() => r.file)))).filter((p) => p === real).length;
  if (times !== 1) await ctx.log.add('incomplete-summary', 'paths', `one image listed ${times} times under ${loop.name}`, `exit ${run.code}`, [], command);
}

async function outIsFile(ctx: FuzzContext, png: Seed): Promise<void> {
  const dir = join(ctx.work, 'paths-out-file');
  await mkdir(dir, { recursive: true });
  const image = join(dir, 'control-png.png');
  const outFile = join(dir, 'out');
  await writeFile(image, png.bytes);
  await writeFile(outFile, 'a file in the way of --out\n');
  const args = ['predict', image, '-o', outFile, ...PREDICT_FLAGS];
  const { run } = await watchedRun(ctx, 'paths', args, [dir], join(dir, 'nothing-may-change'), PATHS_TIMEOUT_MS, () => []);
  const command = commandLine(args);
  const crash = crashReason(run);
  const lines = errorLines(run);
  if (crash) await ctx.log.add('crash', 'paths', `${crash} when --out is a file`, lines.slice(0, 2).join(' | ').slice(0, 300), [], command);
  else if (!run.timedOut && (run.code !== 2 || lines.length !== 1)) await ctx.log.add('bad-error', 'paths', '--out is a file: not one line with exit 2', `exit ${run.code}, ${lines.length} lines: ${lines.slice(0, 2).join(' | ').slice(0, 300)}`, [], command);
}

export async function pathsCampaign(ctx: FuzzContext, seeds: Seed[]): Promise<void> {
  const png = seeds.find((s) => s.format === 'png')!;
  // Side by side: each case has its own folders, and a hanging one then costs its time limit once for all.
  await Promise.all([...LOOPS.map((_, index) => loopCase(ctx, png, index)), outIsFile(ctx, png)]);
  await rm(join(ctx.work, 'paths-out-file'), { recursive: true, force: true });
  for (let index = 0; index < LOOPS.length; index++) await rm(join(ctx.work, `paths-${index}`), { recursive: true, force: true });
}
