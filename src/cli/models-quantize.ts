/**
 * `semseg models quantize <model> --calibration <images>`: write an int8 (QDQ) or fp16 model folder from a float
 * model, with a card that records how it was made; then load it once to prove it runs.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import type { CliIo, CommandContext } from './io.js';
import { SemsegError } from '../core/errors.js';
import { readRawCard, readModelCard } from '../models/read-card.js';
import { resolveModel, loadModel } from '../models/load.js';
import { findEmbeddedModel } from '../models/registry.js';
import { writeModelFolder } from '../models/import/write.js';
import { findPackageRoot } from '../models/package-root.js';
import { quantizeModel } from '../quantize/quantize.js';
import { expandInputs } from './expand-inputs.js';
import { parseChoiceOption, parseNumberOption } from './options.js';
import { createProgress } from './progress.js';

interface QuantizeFlags {
  calibration?: string[];
  calibrationCount: number;
  perChannel?: boolean;
  method: 'minmax' | 'percentile';
  percentile: number;
  precision: 'int8' | 'fp16';
  out?: string;
  progress: boolean;
}

/** `count` images spread evenly over the sorted list (a folder of video frames is not one scene's first frames). */
export function spreadSample<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]);
}

async function calibrationImages(inputs: string[], count: number): Promise<string[]> {
  const { files, problems } = await expandInputs(inputs);
  if (files.length === 0) {
    const why = problems.map((p) => p.message).join('; ');
    throw new SemsegError('INVALID_ARGUMENT', why || `Expected calibration images for --calibration but received ${inputs.join(' ')}`);
  }
  return spreadSample(files.map((f) => f.path).sort(), count);
}

async function runQuantize(reference: string, flags: QuantizeFlags, io: CliIo): Promise<void> {
  const { onnxPath, cardPath } = await resolveModel(reference);
  const card = await readModelCard(cardPath);
  const raw = (await readRawCard(cardPath)) as Record<string, unknown>;
  if (flags.precision === 'int8' && !flags.calibration) throw new SemsegError('INVALID_ARGUMENT', 'Expected images or a folder for --calibration (int8 needs calibration images) but received none');
  const images = flags.precision === 'int8' ? await calibrationImages(flags.calibration ?? [], flags.calibrationCount) : [];
  const stem = findEmbeddedModel(reference) ? reference : basename(reference, extname(reference)) === 'model' ? card.name : basename(reference, extname(reference));
  const out = flags.out ?? `${stem}-${flags.precision}`;
  const progress = createProgress(images.length, 'calibrate', flags.progress && io.stderr.isTTY === true, io.stderr);
  const version = JSON.parse(await readFile(`${findPackageRoot()}/package.json`, 'utf8')).version as string;
  let result;
  try {
    result = await quantizeModel(new Uint8Array(await readFile(onnxPath)), card, {
      precision: flags.precision, method: flags.method, percentile: flags.percentile, perChannel: flags.perChannel === true,
      images, sourceLabel: reference, toolVersion: version, onImage: () => progress.tick(),
    });
  } finally {
    progress.stop();
  }
  // The float model's measured metrics do not describe this one: they go, the record says where it came from.
  const { metrics: _metrics, ...kept } = raw;
  const written = await writeModelFolder(out, result.onnx, { ...kept, name: `${card.name}-${flags.precision}`, quantization: result.record } as never);
  const model = await loadModel(out, { workers: 1 });
  await model.dispose();
  const before = (await readFile(onnxPath)).byteLength;
  io.stdout.write(
    `quantized ${reference} -> ${written.onnxPath} + ${written.cardPath}\n  ${result.summary}\n` +
      `  size ${(before / 1e6).toFixed(2)} MB -> ${(result.onnx.byteLength / 1e6).toFixed(2)} MB; loads in onnxruntime\n` +
      `  measure it: semseg eval --model ${out} --dataset <dataset>\n`,
  );
}

export function registerModelsQuantize(models: Command, { io }: CommandContext): void {
  models
    .command('quantize')
    .description('write an int8 (QDQ, calibrated on images) or fp16 copy of a float model as a model folder')
    .argument('<model>', 'an embedded model name, a model folder or an .onnx file (with its card)')
    .option('--calibration <images...>', 'calibration images: files, folders or globs (int8)')
    .option('--calibration-count <n>', 'at most n calibration images, spread over the sorted list', parseNumberOption('--calibration-count', 1, 100000, true), 32)
    .option('--per-channel', 'one weight scale per output channel instead of one per tensor')
    .option('--method <method>', 'activation ranges: minmax or percentile', parseChoiceOption('--method', ['minmax', 'percentile'] as const), 'minmax')
    .option('--percentile <p>', 'percentile of |x| for --method percentile', parseNumberOption('--percentile', 50, 100), 99.99)
    .option('--precision <precision>', 'int8 (QDQ) or fp16 (float16 weights, float32 compute)', parseChoiceOption('--precision', ['int8', 'fp16'] as const), 'int8')
    .option('-o, --out <dir>', 'model folder to write (default: <model>-int8 or <model>-fp16)')
    .option('--no-progress', 'no progress bar')
    .action((reference: string, flags: QuantizeFlags) => runQuantize(reference, flags, io));
}
