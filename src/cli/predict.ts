/** `semseg predict <files|dirs|globs...>`: segment images and write label/colour/overlay/JSON/confidence files. */
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import Table from 'cli-table3';
import { loadModel } from '../models/load.js';
import { DEFAULT_MODEL } from '../models/registry.js';
import { DEFAULT_MAX_PIXELS } from '../io/decode.js';
import { expandInputs } from './expand-inputs.js';
import { predictBatch, type PredictItemResult } from './predict-batch.js';
import { createProgress } from './progress.js';
import { addInferenceFlags, addStreamingFlag, inferenceOptions, type InferenceFlags, type StreamingFlags } from './inference-flags.js';
import { withBatching } from '../inference/batching.js';
import { parseListOption, parseNumberOption } from './options.js';
import { DEFAULT_OUTPUTS, OUTPUT_KINDS, type OutputKind } from './write-outputs.js';
import { UsageError } from './usage-error.js';

interface PredictFlags extends InferenceFlags, StreamingFlags {
  model: string;
  card?: string;
  out: string;
  outputs: OutputKind[];
  opacity: number;
  maxPixels: number;
  workers?: number;
  threads?: number;
  recursive?: boolean;
  progress: boolean;
}

function summaryTable(results: PredictItemResult[], seconds: number): string {
  const ok = results.filter((r) => r.ok);
  const table = new Table({ head: ['class', 'pixel share', 'mean confidence', 'images with class'], style: { head: [], border: [], compact: true } });
  const first = ok[0]?.stats ?? [];
  const totalPixels = ok.reduce((s, r) => s + (r.width ?? 0) * (r.height ?? 0), 0);
  for (const cls of first) {
    let pixels = 0;
    let confSum = 0;
    let present = 0;
    for (const r of ok) {
      const s = r.stats![cls.id];
      pixels += s.pixels;
      confSum += (s.meanConfidence ?? 0) * s.pixels;
      if (s.pixels > 0) present++;
    }
    table.push([cls.name, `${((100 * pixels) / Math.max(1, totalPixels)).toFixed(2)} %`, pixels > 0 && first[cls.id].meanConfidence !== null ? (confSum / pixels).toFixed(3) : '-', String(present)]);
  }
  const head = `${results.length} image(s): ${ok.length} written, ${results.length - ok.length} failed in ${seconds.toFixed(1)} s (${((1000 * seconds) / Math.max(1, results.length)).toFixed(0)} ms/image)`;
  return ok.length > 0 ? `${table.toString()}\n${head}` : head;
}

async function runPredict(inputs: string[], flags: PredictFlags): Promise<number> {
  const { files, problems } = await expandInputs(inputs, flags.recursive);
  for (const p of problems) process.stderr.write(`error: ${p.message}\n`);
  if (files.length === 0) throw new UsageError('Expected at least one image among the inputs but found none');
  const model = await loadModel(flags.model, { card: flags.card, workers: flags.workers, threadsPerWorker: flags.threads });
  const started = performance.now();
  const progress = createProgress(files.length, 'predict', flags.progress && process.stderr.isTTY === true);
  let results: PredictItemResult[];
  try {
    const batched = withBatching(model, flags.batch);
    results = await predictBatch(
      batched,
      files,
      {
        outDir: flags.out,
        outputs: flags.outputs,
        opacity: flags.opacity,
        modelName: model.card.name,
        maxPixels: flags.maxPixels,
        inference: inferenceOptions(flags),
        streamAbove: flags.streamAbove,
        onStreamStart: (file, note, windows) => {
          progress.log(`note: ${file}: ${note}`);
          return progress.task(windows, 'windows');
        },
      },
      (r) => {
        if (!r.ok) progress.log(`error: ${r.file}: ${r.error}`);
        else if (r.note && !r.streamed) progress.log(`note: ${r.file}: ${r.note}`);
        progress.tick();
      },
    );
  } finally {
    progress.stop();
    await model.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  await mkdir(flags.out, { recursive: true });
  const summary = { model: model.card.name, seconds, images: results.length, failed: results.filter((r) => !r.ok).length + problems.length, problems, results };
  await writeFile(join(flags.out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  process.stdout.write(`${summaryTable(results, seconds)}\noutputs: ${flags.out} (summary.json lists every item)\n`);
  return summary.failed > 0 ? 1 : 0;
}

export function registerPredict(program: Command, setExitCode: (code: number) => void): void {
  const command = program
    .command('predict')
    .description('segment images and write label maps, colour maps, overlays and per-class statistics')
    .argument('<inputs...>', 'image files, folders or glob patterns')
    .option('-m, --model <name|path>', 'embedded model name, .onnx file or model folder', DEFAULT_MODEL)
    .option('--card <path>', 'model card JSON (default: next to the model)')
    .option('-o, --out <dir>', 'output folder', 'semseg-out')
    .addOption(new Option('--outputs <list>', `what to write: ${OUTPUT_KINDS.join(',')}`).argParser(parseListOption('--outputs', OUTPUT_KINDS)).default(DEFAULT_OUTPUTS, DEFAULT_OUTPUTS.join(',')))
    .option('--opacity <0..1>', 'colour opacity of the overlay', parseNumberOption('--opacity', 0, 1), 0.5)
    .option('--max-pixels <n>', 'refuse larger images', parseNumberOption('--max-pixels', 1, Number.MAX_SAFE_INTEGER, true), DEFAULT_MAX_PIXELS)
    .option('--workers <n>', 'inference worker threads (default: cores)', parseNumberOption('--workers', 1, 64, true))
    .option('--threads <n>', 'onnxruntime threads per worker (default: cores / workers)', parseNumberOption('--threads', 1, 64, true))
    .option('-r, --recursive', 'descend into sub-folders')
    .option('--no-progress', 'no progress bar');
  addStreamingFlag(addInferenceFlags(command)).action(async (inputs: string[], flags: PredictFlags) => setExitCode(await runPredict(inputs, flags)));
}
