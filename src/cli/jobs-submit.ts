/** `semseg jobs submit <folders|globs|manifest.jsonl>`: one job per image (per tile for huge rasters). */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { loadModel } from '../models/load.js';
import { DEFAULT_MODEL, findEmbeddedModel } from '../models/registry.js';
import { DEFAULT_MAX_PIXELS } from '../io/decode.js';
import { validatePredictOptions } from '../pipeline/predict.js';
import { DEFAULT_OUTPUTS, OUTPUT_KINDS, type OutputKind } from '../pipeline/outputs.js';
import { DEFAULT_TILE_ABOVE, DEFAULT_TILE_SIZE, evictionWarning, submitJobs, type JobSettings } from '../jobs/index.js';
import { expandInputs } from './expand-inputs.js';
import { addInferenceFlags, givenOptions, inferenceOptions, type InferenceFlags } from './inference-flags.js';
import { parseListOption, parseNumberOption } from './options.js';
import { prepareOutputFolder } from './output-folder.js';
import { printablePath, type InputFile } from './output-names.js';
import { readManifest } from './jobs-manifest.js';
import { addQueueFlags, targetOf, type QueueFlags } from './jobs-queue-flags.js';
import type { CommandContext } from './io.js';
import { UsageError } from './usage-error.js';

interface SubmitFlags extends QueueFlags, InferenceFlags {
  model: string;
  card?: string;
  out: string;
  outputs: OutputKind[];
  opacity: number;
  legend?: boolean;
  transparent?: string[];
  timeout?: number;
  maxPixels: number;
  recursive?: boolean;
  tileAbove: number;
  tileSize: number;
  attempts: number;
  backoff: number;
}

async function gatherInputs(inputs: string[], recursive: boolean | undefined, io: CommandContext['io']): Promise<InputFile[]> {
  const manifests = inputs.filter((i) => i.endsWith('.jsonl'));
  const others = inputs.filter((i) => !i.endsWith('.jsonl'));
  const files: InputFile[] = [];
  for (const m of manifests) files.push(...(await readManifest(m)));
  if (others.length) {
    const { files: found, problems, notes } = await expandInputs(others, recursive);
    for (const p of problems) io.stderr.write(`error: ${p.message}\n`);
    for (const n of notes) io.stderr.write(`note: ${n}\n`);
    files.push(...found);
  }
  if (files.length === 0) throw new UsageError('Expected at least one image among the inputs but found none');
  return files;
}

/** What a worker on another machine loads: an embedded name as is, a path made absolute. */
function modelRef(flags: SubmitFlags) {
  const model = findEmbeddedModel(flags.model) || !existsSync(flags.model) ? flags.model : resolve(flags.model);
  return { model, ...(flags.card ? { card: resolve(flags.card) } : {}) };
}

async function runSubmit(inputs: string[], flags: SubmitFlags, given: (key: string) => boolean, { io, setExitCode }: CommandContext): Promise<void> {
  if (given('batch')) io.stderr.write('warning: --batch has no effect on queued jobs (each job is one image); ignored\n');
  const files = await gatherInputs(inputs, flags.recursive, io);
  await prepareOutputFolder(flags.out);
  const target = targetOf(flags);
  const warning = await evictionWarning(target);
  if (warning) io.stderr.write(`warning: ${warning}\n`);
  const model = await loadModel(flags.model, { card: flags.card, workers: 1, threadsPerWorker: 1 });
  try {
    const card = model.card;
    const transparent = flags.transparent?.map((name) => {
      const found = card.classes.find((c) => c.name.toLowerCase() === name.toLowerCase() || String(c.id) === name);
      if (!found) throw new UsageError(`Expected class names or ids of model ${card.name} for --transparent but received "${name}"`);
      return found.id;
    });
    const settings: JobSettings = {
      outputs: flags.outputs,
      opacity: flags.opacity,
      ...(flags.legend ? { legend: true } : {}),
      ...(transparent ? { transparent } : {}),
      ...(flags.timeout !== undefined ? { timeoutMs: flags.timeout * 1000 } : {}),
      maxPixels: flags.maxPixels,
      blend: flags.blend,
      ...(inferenceOptions(flags) as Omit<JobSettings, 'outputs' | 'opacity' | 'maxPixels' | 'blend'>),
    };
    validatePredictOptions(model, settings);
    const outcome = await submitJobs(files, {
      target,
      out: flags.out,
      model,
      ref: modelRef(flags),
      settings: JSON.parse(JSON.stringify(settings)) as JobSettings,
      tileAbove: flags.tileAbove,
      tileSize: flags.tileSize,
      attempts: flags.attempts,
      backoffMs: flags.backoff,
      onItem: (item, outcome, note) => {
        if (note) io.stderr.write(`note: ${printablePath(item.path)}: ${note}\n`);
        if (outcome === 'failed') io.stderr.write(`error: ${printablePath(item.path)}: not readable, not queued\n`);
      },
    });
    for (const p of outcome.problems) io.stderr.write(`error: ${printablePath(p.path)}: ${p.message}\n`);
    const tiled = outcome.tiled ? ` (${outcome.tiled} tiled raster(s), ${outcome.tiles} tiles)` : '';
    io.stdout.write(`queued ${outcome.added} new job(s)${tiled}, ${outcome.known} already in queue ${target.name}; outputs: ${printablePath(flags.out)}\n`);
    setExitCode(outcome.problems.length ? 1 : 0);
  } finally {
    await model.dispose();
  }
}

export function registerJobsSubmit(jobs: Command, context: CommandContext): void {
  const command = addQueueFlags(
    jobs
      .command('submit')
      .description('enqueue one job per image (per tile for huge rasters); resubmitting adds nothing new')
      .argument('<inputs...>', 'image files, folders, glob patterns or manifest.jsonl files'),
  )
    .option('-m, --model <name|path>', 'embedded model name, .onnx file or model folder (workers load the same path)', DEFAULT_MODEL)
    .option('--card <path>', 'model card JSON (default: next to the model)')
    .option('-o, --out <dir>', 'output folder (on a file system the workers share)', 'semseg-out')
    .addOption(new Option('--outputs <list>', `what to write: ${OUTPUT_KINDS.join(',')}`).argParser(parseListOption('--outputs', OUTPUT_KINDS)).default([...DEFAULT_OUTPUTS], DEFAULT_OUTPUTS.join(',')))
    .option('--opacity <0..1>', 'colour opacity of the overlay', parseNumberOption('--opacity', 0, 1), 0.5)
    .option('--legend', 'draw a class key beside the overlay')
    .option('--transparent <classes>', 'classes left unpainted in the overlay', (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .option('--timeout <seconds>', 'give up on an image after this long (TIMEOUT; retried)', parseNumberOption('--timeout', 0.001, 86400))
    .option('--max-pixels <n>', 'refuse larger images', parseNumberOption('--max-pixels', 1, Number.MAX_SAFE_INTEGER, true), DEFAULT_MAX_PIXELS)
    .option('-r, --recursive', 'descend into sub-folders')
    .option('--tile-above <pixels>', 'split larger rasters into tiles, one job each, stitched by a parent job', parseNumberOption('--tile-above', 1, Number.MAX_SAFE_INTEGER, true), DEFAULT_TILE_ABOVE)
    .option('--tile-size <pixels>', 'side of a tile (without its margin)', parseNumberOption('--tile-size', 16, 65536, true), DEFAULT_TILE_SIZE)
    .option('--attempts <n>', 'attempts per job before it ends in the failed set', parseNumberOption('--attempts', 1, 100, true), 3)
    .option('--backoff <ms>', 'delay before the first retry, doubling after each', parseNumberOption('--backoff', 0, 86_400_000, true), 1000);
  addInferenceFlags(command).action((inputs: string[], flags: SubmitFlags) => runSubmit(inputs, flags, givenOptions(command), context));
}
