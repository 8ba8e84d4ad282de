/** What every campaign shares: the CLI, the work folder, the child environment, findings, counts and the clock. */
import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import type { Campaign, FindingLog } from './findings.js';
import type { Random } from './random.js';
import { changes, snapshot } from './snapshot.js';
import { runCliProcess, type Invocation } from './spawn-cli.js';
import type { Tallies } from './tally.js';
import { commandLine } from './cli-output.js';

export interface FuzzContext {
  cliPath: string;
  repoRoot: string;
  /** Scratch folder of this run; every child gets its own HOME and TMPDIR inside its case folder. */
  work: string;
  log: FindingLog;
  random: Random;
  tallies: { images: Tallies; mutations: Tallies; models: Tallies; eval: Tallies };
  counters: { invocations: number; milliseconds: Record<string, number>; calls: Record<string, number> };
  /** performance.now() after which no new invocation starts. */
  deadline: number;
}

/** Where an outside write landed, so findings group by place: telemetry in HOME is another defect than `..png`. */
function placeOf(ctx: FuzzContext, home: string, tmp: string, change: string): string {
  const path = change.slice(change.indexOf(' ') + 1);
  if (/victim-[^/]*$/.test(path)) return 'through a link planted in --out (its target changed)';
  if (path.startsWith(home + sep)) return 'in HOME';
  if (path.startsWith(tmp + sep)) return 'in TMPDIR';
  if (!path.startsWith(ctx.work + sep)) return 'in the system temp folder';
  if (path.includes(`${sep}in${sep}`)) return 'in the input folder';
  return 'beside --out';
}

function byPlace(ctx: FuzzContext, home: string, tmp: string, outside: string[]): Map<string, string[]> {
  const places = new Map<string, string[]>();
  for (const change of outside) {
    const place = placeOf(ctx, home, tmp, change);
    places.set(place, [...(places.get(place) ?? []), change]);
  }
  return places;
}

export interface Watched {
  run: Invocation;
  /** Paths outside the output folder that the run added, changed or removed. */
  outside: string[];
}

/** Files a child may leave in the system temp folder that name it by pid (onnxruntime's `mat-debug-<pid>.log`). */
async function pidFiles(pid: number | undefined): Promise<string[]> {
  if (pid === undefined) return [];
  const names = await readdir(tmpdir()).catch(() => [] as string[]);
  return names.filter((n) => new RegExp(`(^|\\D)${pid}(\\D|$)`).test(n)).map((n) => join(tmpdir(), n)).filter((p) => existsSync(p));
}

/**
 * One CLI invocation under watch: the watched roots (the output folder's parent, the inputs, HOME, TMPDIR) are
 * snapshotted before and after, the output folder itself left out; a hang and any write outside become findings.
 */
export async function watchedRun(ctx: FuzzContext, campaign: Campaign, args: string[], roots: string[], outDir: string, timeoutMs: number, reproducers: () => Promise<string[]> | string[]): Promise<Watched> {
  // A HOME and TMPDIR of its own per call (beside its first root), so calls can run side by side.
  const home = join(roots[0], 'home');
  const tmp = join(roots[0], 'tmp');
  await mkdir(home, { recursive: true });
  await mkdir(tmp, { recursive: true });
  const watch = [...roots, home, tmp];
  const before = await snapshot(watch, [outDir]);
  const tmpBefore = new Set((await readdir(tmpdir()).catch(() => [] as string[])));
  const env = { PATH: process.env.PATH, HOME: home, TMPDIR: tmp, LANG: 'C.UTF-8' };
  const run = await runCliProcess(ctx.cliPath, args, env, timeoutMs);
  ctx.counters.invocations++;
  ctx.counters.milliseconds[campaign] = (ctx.counters.milliseconds[campaign] ?? 0) + run.milliseconds;
  ctx.counters.calls[campaign] = (ctx.counters.calls[campaign] ?? 0) + 1;
  const after = await snapshot(watch, [outDir]);
  const outside = changes(before, after).map((c) => `${c.change} ${c.path}`);
  for (const file of await pidFiles(run.pid)) if (!tmpBefore.has(file.slice(tmpdir().length + 1))) outside.push(`added ${file}`);
  const command = commandLine(args);
  if (run.timedOut) {
    await ctx.log.add('hang', campaign, 'no exit within its time limit', `killed at the limit of ${Math.round(timeoutMs / 1000)} s`, await reproducers(), command);
  }
  for (const [place, paths] of byPlace(ctx, home, tmp, outside)) {
    await ctx.log.add('write-outside', campaign, place, paths.slice(0, 12).join('\n'), await reproducers(), command);
  }
  return { run, outside };
}
