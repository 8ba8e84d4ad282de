/**
 * Mutated model folders through `semseg predict <controls> --model <folder>`: each must run (a harmless mutation)
 * or stop with exit 2 and one `error: ... [CODE]` line naming a model code; never abort, never hang.
 */
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commandLine, crashReason, errorLines, lineCode, MAX_ERROR_LENGTH, readJson, stderrGist, type Summary } from './cli-output.js';
import { watchedRun, type FuzzContext } from './context.js';
import { mutateModel } from './mutate-model.js';
import { PREDICT_FLAGS } from './predict-campaign.js';
import { controlName, controlSeeds } from './predict-batch.js';
import type { Seed } from './seeds.js';
import { count } from './tally.js';

export const MODEL_CODES = ['MODEL_LOAD_FAILED', 'INVALID_MODEL_CARD', 'MODEL_MISMATCH', 'MODEL_NOT_FOUND'];
const MODEL_TIMEOUT_MS = 20_000;

/** What one run says about its model: undefined when it ran, else the code it stopped with (or why it is a finding). */
async function judge(ctx: FuzzContext, run: Awaited<ReturnType<typeof watchedRun>>['run'], outDir: string, controls: number, reproducers: string[], detail: string, mustReject: boolean): Promise<string> {
  const command = commandLine(run.args);
  if (run.timedOut) return 'hang';
  const crash = crashReason(run);
  const lines = errorLines(run);
  if (crash) {
    await ctx.log.add('crash', 'model', crash, `${detail}: ${stderrGist(run)}`, reproducers, command);
    return 'crash';
  }
  if (run.code === 0) {
    const summary = await readJson<Summary>(join(outDir, 'summary.json'));
    if (summary?.results?.length !== controls || summary.results.some((r) => !r.ok)) await ctx.log.add('incomplete-summary', 'model', 'exit 0 without every control in summary.json', detail, reproducers, command);
    if (mustReject) await ctx.log.add('bad-error', 'model', 'an invalid card was accepted (exit 0)', detail, reproducers, command);
    return mustReject ? 'accepted though invalid' : 'accepted';
  }
  if (run.code === 1) {
    const summary = await readJson<Summary>(join(outDir, 'summary.json'));
    const codes = [...new Set(summary?.results?.filter((r) => !r.ok).map((r) => r.code) ?? [])].join(', ');
    await ctx.log.add('bad-error', 'model', `model problem reported per image (exit 1, ${codes || 'no code'})`, `${detail}: ${lines[0]?.slice(0, 300)}`, reproducers, command);
    return `per-image ${codes || 'failure'}`;
  }
  const code = lines.length === 1 ? lineCode(lines[0]) : undefined;
  const problem =
    lines.length !== 1 ? `${lines.length} stderr lines instead of one` :
    !lines[0].startsWith('error: ') ? 'stderr line does not start with "error: "' :
    lines[0].length > MAX_ERROR_LENGTH ? `error line over ${MAX_ERROR_LENGTH} characters` :
    code === undefined ? 'error line names no [CODE]' :
    !MODEL_CODES.includes(code) ? `${code} for a model problem` : undefined;
  if (problem) await ctx.log.add('bad-error', 'model', problem, `${detail}: ${lines.slice(0, 3).join(' | ').slice(0, 400)}`, reproducers, command);
  return code ?? 'uncoded';
}

export interface ModelAssets {
  streetDir: string;
  model: Uint8Array;
  card: string;
  controls: Seed[];
}

export async function modelAssets(ctx: FuzzContext, seeds: Seed[]): Promise<ModelAssets> {
  const streetDir = join(ctx.repoRoot, 'models', 'street');
  return {
    streetDir,
    model: new Uint8Array(await readFile(join(streetDir, 'model.onnx'))),
    card: await readFile(join(streetDir, 'card.json'), 'utf8'),
    controls: controlSeeds(seeds).slice(0, 2),
  };
}

/** One mutated model folder, run on the controls. */
export async function modelRun(ctx: FuzzContext, assets: ModelAssets, index: number): Promise<void> {
  // Drawn before the first await, so cases running side by side draw in a fixed order.
  const mutated = mutateModel(assets.model, assets.card, ctx.random);
  const dir = join(ctx.work, `model-${index}`);
  const modelDir = join(dir, 'model');
  const inDir = join(dir, 'in');
  const outDir = join(dir, 'out');
  await mkdir(modelDir, { recursive: true });
  await mkdir(inDir, { recursive: true });
  for (const seed of assets.controls) await writeFile(join(inDir, controlName(seed)), seed.bytes);
  if (mutated.model) await writeFile(join(modelDir, 'model.onnx'), mutated.model);
  else await copyFile(join(assets.streetDir, 'model.onnx'), join(modelDir, 'model.onnx'));
  await writeFile(join(modelDir, 'card.json'), mutated.card ?? assets.card);
  // An unmodified model is not copied with the findings: the card beside models/street/model.onnx reproduces it.
  const reproducers = mutated.model ? [join(modelDir, 'model.onnx'), join(modelDir, 'card.json')] : [join(modelDir, 'card.json')];
  const detail = `${mutated.mutation}: ${mutated.detail}${mutated.model ? '' : ' (model: models/street/model.onnx)'}`;
  const args = ['predict', inDir, '--model', modelDir, '-o', outDir, ...PREDICT_FLAGS];
  const watched = await watchedRun(ctx, 'model', args, [dir], outDir, MODEL_TIMEOUT_MS, () => reproducers);
  const verdict = await judge(ctx, watched.run, outDir, assets.controls.length, reproducers, detail, mutated.mustReject);
  count(ctx.tallies.models, mutated.mutation, verdict.startsWith('accepted') ? undefined : verdict);
  await rm(dir, { recursive: true, force: true });
}
