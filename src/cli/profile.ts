/**
 * `semseg profile <files|dirs|globs...> --out ref.json`: run a model over images and record the reference quality
 * profile that drift monitoring compares later traffic with (docs/monitoring.md). Images that fail are reported
 * and skipped; an interrupted run writes nothing (a partial reference would mislead).
 */
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { loadModel } from '../models/load.js';
import { DEFAULT_MODEL } from '../models/registry.js';
import { DEFAULT_MAX_PIXELS } from '../io/decode.js';
import { withBatching } from '../inference/batching.js';
import { validatePredictOptions } from '../pipeline/predict.js';
import { boundLine, SemsegError } from '../core/errors.js';
import { DEFAULT_LOW_CONFIDENCE, type ImageQuality } from '../monitoring/image-quality.js';
import { buildQualityProfile, MAX_BINS } from '../monitoring/quality-profile.js';
import { writeQualityProfile } from '../monitoring/profile-file.js';
import { expandInputs } from './expand-inputs.js';
import { predictBatch } from './predict-batch.js';
import { createProgress } from './progress.js';
import { addInferenceFlags, givenOptions, inferenceFlagWarnings, inferenceOptions, type InferenceFlags } from './inference-flags.js';
import { parseNumberOption } from './options.js';
import { prepareOutputFolder } from './output-folder.js';
import { printablePath } from './output-names.js';
import { itemLine } from './predict-summary.js';
import { profileLines } from './profile-summary.js';
import { INTERRUPT_EXIT, type CommandContext } from './io.js';
import { UsageError } from './usage-error.js';

interface ProfileFlags extends InferenceFlags {
  model: string;
  card?: string;
  out: string;
  bins?: number;
  lowConfidence: number;
  timeout?: number;
  maxPixels: number;
  workers?: number;
  threads?: number;
  recursive?: boolean;
  progress: boolean;
}

async function runProfile(inputs: string[], flags: ProfileFlags, given: (key: string) => boolean, { io, setExitCode }: CommandContext): Promise<void> {
  for (const w of inferenceFlagWarnings(flags, given)) io.stderr.write(`warning: ${w}\n`);
  const { files, problems, notes } = await expandInputs(inputs, flags.recursive);
  for (const p of problems) io.stderr.write(`error: ${p.message}\n`);
  for (const n of notes) io.stderr.write(`note: ${n}\n`);
  if (files.length === 0) throw new UsageError('Expected at least one image among the inputs but found none');
  if ((await stat(flags.out).catch(() => undefined))?.isDirectory()) throw new UsageError(`Expected a file name for --out but ${printablePath(flags.out)} is a folder`);
  await prepareOutputFolder(dirname(flags.out));
  const model = await loadModel(flags.model, { card: flags.card, workers: flags.workers, threadsPerWorker: flags.threads });
  const started = performance.now();
  const progress = createProgress(files.length, 'profile', flags.progress && io.stderr.isTTY === true, io.stderr);
  let outcome: Awaited<ReturnType<typeof predictBatch>>;
  try {
    const options = {
      outputs: [],
      quality: { lowConfidence: flags.lowConfidence },
      timeoutMs: flags.timeout === undefined ? undefined : flags.timeout * 1000,
      ...inferenceOptions(flags),
    };
    validatePredictOptions(model, options);
    outcome = await predictBatch(withBatching(model, flags.batch), files, { ...options, outDir: dirname(flags.out), maxPixels: flags.maxPixels, batch: flags.batch, signal: io.interrupt }, (r) => {
      if (!r.ok) progress.log(itemLine(r));
      progress.tick();
    });
  } finally {
    progress.stop();
    await model.dispose();
  }
  if (outcome.fatal) throw new SemsegError(outcome.fatal.code!, `${outcome.fatal.error} (the run stopped: every image would fail the same way)`);
  if (io.interrupt?.aborted) {
    const signal = String(io.interrupt.reason);
    io.stderr.write(`interrupted (${signal}): no profile written (${outcome.results.length} of ${files.length} image(s) finished)\n`);
    return setExitCode(INTERRUPT_EXIT[signal] ?? 130);
  }
  const qualities = outcome.results.map((r) => r.quality).filter((q): q is ImageQuality => q !== undefined);
  const failed = outcome.results.length - qualities.length;
  const profile = buildQualityProfile(model.card, qualities, { bins: flags.bins, source: boundLine(inputs.join(' '), 200) });
  await writeQualityProfile(flags.out, profile);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  io.stdout.write(`${profileLines(profile, printablePath(flags.out)).join('\n')}\n${qualities.length} image(s) profiled, ${failed} failed in ${seconds} s\n`);
  setExitCode(failed + problems.length > 0 ? 1 : 0);
}

export function registerProfile(program: Command, context: CommandContext): void {
  const command = program
    .command('profile')
    .description('record a reference quality profile (class shares, confidence, entropy) for drift monitoring')
    .argument('<inputs...>', 'image files, folders or glob patterns: traffic the model is expected to see')
    .option('-m, --model <name|path>', 'embedded model name, .onnx file or model folder', DEFAULT_MODEL)
    .option('--card <path>', 'model card JSON (default: next to the model)')
    .option('-o, --out <file>', 'profile JSON to write', 'quality-profile.json')
    .option('--bins <n>', 'quantile bins per histogram (default: 10, fewer below 200 images)', parseNumberOption('--bins', 2, MAX_BINS, true))
    .option('--low-confidence <p>', 'confidence below which a pixel counts as low-confidence', parseNumberOption('--low-confidence', 0.001, 1), DEFAULT_LOW_CONFIDENCE)
    .option('--timeout <seconds>', 'give up on an image after this long (TIMEOUT), the run goes on', parseNumberOption('--timeout', 0.001, 86400))
    .option('--max-pixels <n>', 'refuse larger images', parseNumberOption('--max-pixels', 1, Number.MAX_SAFE_INTEGER, true), DEFAULT_MAX_PIXELS)
    .option('--workers <n>', 'inference worker threads (default: cores)', parseNumberOption('--workers', 1, 64, true))
    .option('--threads <n>', 'onnxruntime threads per worker (default: cores / workers)', parseNumberOption('--threads', 1, 64, true))
    .option('-r, --recursive', 'descend into sub-folders')
    .option('--no-progress', 'no progress bar');
  addInferenceFlags(command).action((inputs: string[], flags: ProfileFlags) => runProfile(inputs, flags, givenOptions(command), context));
}
