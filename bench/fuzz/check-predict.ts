/**
 * The checks on one finished predict batch: an honest exit, summary.json listing every input once with counts that
 * add up, each failure a known code with a bounded one-line message and one stderr line, outputs named inside the
 * output folder without collisions, and the controls' outputs byte-identical to the clean reference run.
 */
import { readFile } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import { commandLine, crashReason, errorLines, itemErrorProblem, readJson, stderrGist, type Summary, type SummaryItem } from './cli-output.js';
import type { FuzzContext } from './context.js';
import type { Campaign } from './findings.js';
import type { Batch, BatchInput } from './predict-batch.js';
import type { Invocation } from './spawn-cli.js';
import { count } from './tally.js';

/** Control outputs of the clean run: stem -> suffix -> bytes (the per-image JSON without its `source` path). */
export type Reference = Map<string, Map<string, Buffer>>;

/** A 96x72 image takes well under a second; one that takes this long is stuck on its declared size. */
const SLOW_ITEM_MS = 20_000;

export const CONTROL_SUFFIXES = ['.labels.png', '.color.png', '.overlay.jpg', '.json'];

export async function readControlOutputs(outDir: string, stem: string): Promise<Map<string, Buffer>> {
  const outputs = new Map<string, Buffer>();
  for (const suffix of CONTROL_SUFFIXES) {
    const bytes = await readFile(join(outDir, `${stem}${suffix}`)).catch(() => undefined);
    if (!bytes) continue;
    if (suffix !== '.json') outputs.set(suffix, bytes);
    else {
      const body = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
      delete body.source;
      outputs.set(suffix, Buffer.from(JSON.stringify(body)));
    }
  }
  return outputs;
}

const stemOf = (input: BatchInput) => basename(input.path).replace(/\.[^.]+$/, '');

async function checkControls(ctx: FuzzContext, campaign: Campaign, batch: Batch, byFile: Map<string, SummaryItem>, reference: Reference, command: string): Promise<void> {
  for (const input of batch.inputs.filter((i) => i.kind === 'control')) {
    const item = byFile.get(input.path);
    if (!item?.ok) {
      await ctx.log.add('control-mismatch', campaign, 'control image failed', `${input.path}: ${item?.error ?? 'no result'}`, [input.path], command);
      continue;
    }
    const want = reference.get(stemOf(input))!;
    const got = await readControlOutputs(batch.outDir, stemOf(input));
    for (const [suffix, bytes] of want) {
      if (!got.get(suffix)?.equals(bytes)) await ctx.log.add('control-mismatch', campaign, `control ${suffix} differs from the clean run`, input.path, [input.path], command);
    }
  }
}

async function checkItems(ctx: FuzzContext, campaign: Campaign, batch: Batch, summary: Summary, run: Invocation, command: string): Promise<Map<string, SummaryItem>> {
  const byFile = new Map<string, SummaryItem>();
  const seen = new Map<string, number>();
  for (const item of summary.results) seen.set(item.file, (seen.get(item.file) ?? 0) + 1);
  for (const item of summary.results) byFile.set(item.file, item);
  const outRoot = resolve(batch.outDir) + sep;
  const written = new Map<string, string>();
  for (const input of batch.inputs) {
    const item = byFile.get(input.path);
    const times = seen.get(input.path) ?? 0;
    if (times !== 1) await ctx.log.add('incomplete-summary', campaign, times === 0 ? 'input missing from summary.json' : 'input listed more than once', `${JSON.stringify(input.path)} listed ${times} times (${input.detail})`, [input.path], command);
    if (!item) continue;
    if (input.kind === 'mutated') {
      count(ctx.tallies.images, input.format, item.ok ? undefined : (item.code ?? 'no code'));
      count(ctx.tallies.mutations, input.mutation!, item.ok ? undefined : (item.code ?? 'no code'));
    }
    if ((item.milliseconds ?? 0) > SLOW_ITEM_MS) await ctx.log.add('hang', campaign, `one item took over ${SLOW_ITEM_MS / 1000} s`, `${JSON.stringify(input.path)} (${input.detail}): ${Math.round(item.milliseconds! / 1000)} s, ${item.ok ? 'ok' : item.code}`, [input.path], command);
    if (!item.ok) {
      const problem = itemErrorProblem(item.code, item.error);
      if (problem) await ctx.log.add('bad-error', campaign, problem, `${JSON.stringify(input.path)} (${input.detail}): ${JSON.stringify((item.error ?? '').slice(0, 300))}`, [input.path], command);
      continue;
    }
    for (const file of item.files ?? []) {
      const full = resolve(file);
      if (!full.startsWith(outRoot) || full === join(outRoot, 'summary.json')) {
        await ctx.log.add('write-outside', campaign, full.startsWith(outRoot) ? 'an output named summary.json' : 'output path resolves outside --out', `${JSON.stringify(input.path)} -> ${JSON.stringify(file)}`, [input.path], command);
      }
      const other = written.get(full);
      if (other !== undefined) await ctx.log.add('output-collision', campaign, 'two inputs write the same output', `${JSON.stringify(other)} and ${JSON.stringify(input.path)} -> ${JSON.stringify(file)}`, [input.path], command);
      written.set(full, input.path);
    }
  }
  const listed = new Set(batch.inputs.map((i) => i.path));
  const extra = summary.results.filter((r) => !listed.has(r.file));
  if (extra.length > 0) await ctx.log.add('incomplete-summary', campaign, 'summary.json lists files that are not inputs', extra.slice(0, 5).map((r) => JSON.stringify(r.file)).join(', '), [], command);
  const failed = summary.results.filter((r) => !r.ok).length;
  const problems = summary.problems?.length ?? 0;
  if (summary.images !== summary.results.length || (summary.failed !== failed && summary.failed !== failed + problems)) {
    await ctx.log.add('incomplete-summary', campaign, 'summary counts do not add up', `images ${summary.images}, failed ${summary.failed}; results ${summary.results.length}, of them failed ${failed}`, [], command);
  }
  const lines = errorLines(run).length;
  if (lines !== failed + problems) await ctx.log.add('bad-error', campaign, 'stderr lines do not match the failed items', `${lines} error lines on stderr for ${failed} failed items${problems ? ` and ${problems} input problems` : ''}`, [], command);
  return byFile;
}

/** Checks one finished predict batch (a hang is already reported by the run's watcher). */
export async function checkPredict(ctx: FuzzContext, campaign: Campaign, batch: Batch, run: Invocation, reference: Reference): Promise<void> {
  const command = commandLine(run.args);
  const crash = crashReason(run);
  const everything = batch.inputs.map((i) => i.path);
  if (crash) {
    await ctx.log.add('crash', campaign, crash, stderrGist(run), everything.slice(0, 40), command);
  }
  const summary = run.timedOut ? undefined : await readJson<Summary>(join(batch.outDir, 'summary.json'));
  if (!summary || !Array.isArray(summary.results)) {
    // Counted, so the tables add up to the files tried: a hung or crashed batch leaves no per-item verdict.
    for (const input of batch.inputs.filter((i) => i.kind === 'mutated')) {
      count(ctx.tallies.images, input.format, run.timedOut ? 'no result (batch hung)' : 'no result (no summary)');
      count(ctx.tallies.mutations, input.mutation!, run.timedOut ? 'no result (batch hung)' : 'no result (no summary)');
    }
    if (run.timedOut) return;
    await ctx.log.add('incomplete-summary', campaign, 'no readable summary.json', `exit ${run.code}; ${errorLines(run).slice(0, 2).join(' | ').slice(0, 300)}`, everything.slice(0, 40), command);
    return;
  }
  const byFile = await checkItems(ctx, campaign, batch, summary, run, command);
  await checkControls(ctx, campaign, batch, byFile, reference, command);
}
