/** `semseg predict <files|dirs|globs...>`: segment images and write label/colour/overlay/JSON/confidence files. */
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { loadModel } from '../models/load.js';
import { DEFAULT_MODEL } from '../models/registry.js';
import { DEFAULT_MAX_PIXELS } from '../io/decode.js';
import { writeFileAtomic } from '../io/file-sink.js';
import { withBatching } from '../inference/batching.js';
import { validatePredictOptions } from '../pipeline/predict.js';
import { DEFAULT_OUTPUTS, OUTPUT_KINDS, type OutputKind } from '../pipeline/outputs.js';
import { SemsegError } from '../core/errors.js';
import type { ModelCard } from '../models/card-schema.js';
import { expandInputs } from './expand-inputs.js';
import { predictBatch } from './predict-batch.js';
import { createProgress } from './progress.js';
import { addInferenceFlags, addStreamingFlag, givenOptions, inferenceFlagWarnings, inferenceOptions, type InferenceFlags, type StreamingFlags } from './inference-flags.js';
import { parseChoiceOption, parseListOption, parseNumberOption } from './options.js';
import { VECTOR_CRSS, type VectorCrs, type VectorOptions } from '../vectors/types.js';
import { prepareOutputFolder } from './output-folder.js';
import { printablePath } from './output-names.js';
import { itemLine, summaryLine, summaryTable, type PredictSummary } from './predict-summary.js';
import { INTERRUPT_EXIT, type CommandContext } from './io.js';
import { UsageError } from './usage-error.js';
import { isNiftiPath, niftiStem } from '../io/nifti-file.js';
import { DEFAULT_MAX_VOXELS } from '../io/nifti-read.js';
import { parseWindow } from '../volumes/window.js';
import type { VolumeAxis } from '../volumes/types.js';
import { parseAxis, predictVolumes, VOLUME_OUTPUTS } from './predict-volume.js';

/** Every value of --outputs: the image outputs and, for NIfTI volumes, nifti (json serves both). */
const PREDICT_OUTPUTS = [...new Set([...OUTPUT_KINDS, ...VOLUME_OUTPUTS])];

export interface PredictFlags extends InferenceFlags, StreamingFlags {
  model: string;
  card?: string;
  out: string;
  outputs: (OutputKind | 'nifti')[];
  opacity: number;
  legend?: boolean;
  transparent?: string[];
  timeout?: number;
  maxPixels: number;
  workers?: number;
  threads?: number;
  recursive?: boolean;
  progress: boolean;
  window?: string;
  axis?: VolumeAxis;
  maxVoxels: number;
  connectivity?: '4' | '8';
  simplify?: number;
  minArea?: number;
  vectorCrs?: VectorCrs;
  objects?: string[];
}

/** --connectivity, --simplify, --min-area, --vector-crs as the pipeline's vector options. */
function vectorOptions(flags: PredictFlags): VectorOptions {
  return { connectivity: flags.connectivity === undefined ? undefined : (Number(flags.connectivity) as 4 | 8), simplify: flags.simplify, minArea: flags.minArea, crs: flags.vectorCrs };
}

/** `--transparent background,3`, `--objects car,9`: class names or ids of the model -> ids. */
function classIds(card: ModelCard, names: string[] | undefined, flag = '--transparent'): number[] | undefined {
  if (!names) return undefined;
  return names.map((name) => {
    const found = card.classes.find((c) => c.name.toLowerCase() === name.toLowerCase() || String(c.id) === name);
    if (!found) throw new UsageError(`Expected class names or ids of model ${card.name} (${card.classes.map((c) => c.name).join(', ')}) for ${flag} but received "${name}"`);
    return found.id;
  });
}

/** Options given that the run will not use, one line each: never ignored silently. */
export function predictFlagWarnings(flags: PredictFlags, given: (key: string) => boolean): string[] {
  const warnings = inferenceFlagWarnings(flags, given);
  if (!flags.outputs.includes('overlay')) {
    for (const key of ['opacity', 'legend', 'transparent'] as const) {
      if (given(key)) warnings.push(`--${key} has no effect without the overlay output (--outputs ${flags.outputs.join(',')}); ignored`);
    }
  }
  const regions = flags.outputs.some((o) => o === 'geojson' || o === 'coco' || o === 'instances');
  const vectorFlags = { connectivity: regions, objects: regions, simplify: flags.outputs.includes('geojson'), minArea: flags.outputs.includes('geojson'), vectorCrs: flags.outputs.includes('geojson') };
  for (const [key, used] of Object.entries(vectorFlags)) {
    const name = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    if (given(key) && !used) warnings.push(`--${name} has no effect without the ${key === 'connectivity' || key === 'objects' ? 'geojson, coco or instances' : 'geojson'} output (--outputs ${flags.outputs.join(',')}); ignored`);
  }
  return warnings;
}

async function runPredict(inputs: string[], flags: PredictFlags, given: (key: string) => boolean, { io, setExitCode }: CommandContext): Promise<void> {
  for (const w of predictFlagWarnings(flags, given)) io.stderr.write(`warning: ${w}\n`);
  const { files, problems, notes } = await expandInputs(inputs, flags.recursive);
  for (const p of problems) io.stderr.write(`error: ${p.message}\n`);
  for (const n of notes) io.stderr.write(`note: ${n}\n`);
  if (files.length === 0) throw new UsageError('Expected at least one image among the inputs but found none');
  const volumes = files.filter((f) => isNiftiPath(f.path)).length;
  if (volumes > 0) return runPredictVolumes(files, volumes, flags, given, { io, setExitCode });
  if (flags.outputs.includes('nifti')) throw new UsageError(`Expected NIfTI volumes (.nii, .nii.gz) for --outputs nifti but received images only`);
  for (const key of ['window', 'axis'] as const) if (given(key)) io.stderr.write(`warning: --${key} applies to NIfTI volumes only; ignored\n`);
  await prepareOutputFolder(flags.out);
  const model = await loadModel(flags.model, { card: flags.card, workers: flags.workers, threadsPerWorker: flags.threads });
  const started = performance.now();
  const progress = createProgress(files.length, 'predict', flags.progress && io.stderr.isTTY === true, io.stderr);
  let outcome: Awaited<ReturnType<typeof predictBatch>>;
  try {
    const options = {
      outputs: flags.outputs as OutputKind[],
      opacity: flags.opacity,
      legend: flags.legend,
      transparent: classIds(model.card, flags.transparent),
      timeoutMs: flags.timeout === undefined ? undefined : flags.timeout * 1000,
      vectors: { ...vectorOptions(flags), classes: classIds(model.card, flags.objects, '--objects') },
      ...inferenceOptions(flags),
    };
    validatePredictOptions(model, options);
    outcome = await predictBatch(
      withBatching(model, flags.batch),
      files,
      {
        ...options,
        outDir: flags.out,
        maxPixels: flags.maxPixels,
        batch: flags.batch,
        streamAbove: flags.streamAbove,
        signal: io.interrupt,
        onStreamStart: (file, note, windows) => {
          progress.log(`note: ${printablePath(file)}: ${note}`);
          return progress.task(windows, 'windows');
        },
      },
      (r) => {
        if (!r.ok) progress.log(itemLine(r));
        else if (r.note && !r.streamed) progress.log(`note: ${printablePath(r.file)}: ${r.note}`);
        progress.tick();
      },
    );
  } finally {
    progress.stop();
    await model.dispose();
  }
  if (outcome.fatal) throw new SemsegError(outcome.fatal.code!, `${outcome.fatal.error} (the batch stopped: every image would fail the same way)`);
  const interrupted = io.interrupt?.aborted === true;
  const { results } = outcome;
  const failed = results.filter((r) => !r.ok).length;
  const summary: PredictSummary = {
    model: { name: model.card.name, version: model.card.version },
    seconds: (performance.now() - started) / 1000,
    images: files.length,
    written: results.length - failed,
    failed,
    ...(interrupted ? { interrupted: true, unfinished: outcome.unfinished } : {}),
    problems,
    notes,
    results,
  };
  await writeFileAtomic(join(flags.out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  const table = interrupted ? '' : summaryTable(results);
  io.stdout.write(`${table ? `${table}\n` : ''}${summaryLine(summary)}\noutputs: ${printablePath(flags.out)} (summary.json lists every item)\n`);
  if (interrupted) {
    const signal = String(io.interrupt!.reason);
    io.stderr.write(`interrupted (${signal}): ${summary.written + failed} of ${files.length} image(s) finished, summary.json lists them\n`);
    return setExitCode(INTERRUPT_EXIT[signal] ?? 130);
  }
  setExitCode(failed + problems.length > 0 ? 1 : 0);
}

/** NIfTI inputs: all of them volumes (a run mixes no images in), outputs nifti and json, one volume at a time. */
async function runPredictVolumes(files: Awaited<ReturnType<typeof expandInputs>>['files'], volumes: number, flags: PredictFlags, given: (key: string) => boolean, { io, setExitCode }: CommandContext): Promise<void> {
  if (volumes !== files.length) throw new UsageError('Expected only NIfTI volumes or only images among the inputs but received both (run them separately)');
  const asked: string[] = given('outputs') ? flags.outputs : [...VOLUME_OUTPUTS];
  const other = asked.filter((o) => !(VOLUME_OUTPUTS as readonly string[]).includes(o));
  const outputs = asked.filter((o) => (VOLUME_OUTPUTS as readonly string[]).includes(o));
  if (other.length) io.stderr.write(`warning: --outputs ${other.join(',')} apply to images only; volumes get ${outputs.join(',') || 'none of them'}\n`);
  if (outputs.length === 0) throw new UsageError(`Expected nifti or json among --outputs for NIfTI volumes but received ${flags.outputs.join(',')}`);
  if (flags.window !== undefined) parseWindow(flags.window, '--window');
  await prepareOutputFolder(flags.out);
  const model = await loadModel(flags.model, { card: flags.card, workers: flags.workers, threadsPerWorker: flags.threads });
  let failed = 0;
  try {
    const options = { ...inferenceOptions(flags), timeoutMs: flags.timeout === undefined ? undefined : flags.timeout * 1000 };
    validatePredictOptions(model, options);
    const named = files.map((f) => ({ path: f.path, name: niftiStem(f.name) }));
    const results = await predictVolumes(model, named, { ...options, outDir: flags.out, outputs, window: flags.window, axis: flags.axis, maxVoxels: flags.maxVoxels, signal: io.interrupt }, (line) => io.stderr.write(`${line}\n`));
    failed = results.filter((r) => !r.ok).length;
    io.stdout.write(`${files.length} volume(s): ${results.length - failed} written, ${failed} failed\noutputs: ${printablePath(flags.out)} (summary.json lists every volume)\n`);
  } finally {
    await model.dispose();
  }
  setExitCode(failed > 0 ? 1 : 0);
}

export function registerPredict(program: Command, context: CommandContext): void {
  const command = program
    .command('predict')
    .description('segment images and write label maps, colour maps, overlays and per-class statistics')
    .argument('<inputs...>', 'image files, folders or glob patterns')
    .option('-m, --model <name|path>', 'embedded model name, .onnx file or model folder', DEFAULT_MODEL)
    .option('--card <path>', 'model card JSON (default: next to the model)')
    .option('-o, --out <dir>', 'output folder', 'semseg-out')
    .addOption(new Option('--outputs <list>', `what to write: ${OUTPUT_KINDS.join(',')} (images); nifti,json (NIfTI volumes)`).argParser(parseListOption('--outputs', PREDICT_OUTPUTS)).default([...DEFAULT_OUTPUTS], DEFAULT_OUTPUTS.join(',')))
    .option('--opacity <0..1>', 'colour opacity of the overlay', parseNumberOption('--opacity', 0, 1), 0.5)
    .option('--legend', 'draw a class key (colour, name, share) beside the overlay')
    .option('--transparent <classes>', 'classes (names or ids, comma-separated) left unpainted in the overlay, e.g. background', (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .option('--timeout <seconds>', 'give up on an image after this long (TIMEOUT), the batch goes on', parseNumberOption('--timeout', 0.001, 86400))
    .option('--max-pixels <n>', 'refuse larger images', parseNumberOption('--max-pixels', 1, Number.MAX_SAFE_INTEGER, true), DEFAULT_MAX_PIXELS)
    .option('--workers <n>', 'inference worker threads (default: cores)', parseNumberOption('--workers', 1, 64, true))
    .option('--threads <n>', 'onnxruntime threads per worker (default: cores / workers)', parseNumberOption('--threads', 1, 64, true))
    .option('-r, --recursive', 'descend into sub-folders (each real folder once: link loops are skipped)')
    .option('--no-progress', 'no progress bar')
    .option('--window <spec>', 'NIfTI volumes: intensity window to 0..255, <level>/<width> (40/400), p<low>/p<high> (p1/p99) or none (default: none for uint8, p1/p99 otherwise)')
    .option('--axis <i|j|k>', 'NIfTI volumes: slicing axis (default k, axial)', parseAxis)
    .option('--max-voxels <n>', 'NIfTI volumes: refuse larger volumes', parseNumberOption('--max-voxels', 1, Number.MAX_SAFE_INTEGER, true), DEFAULT_MAX_VOXELS)
    .option('--connectivity <4|8>', 'geojson, coco, instances: pixels touching only at a corner join with 8 (default 4, as gdal_polygonize and scipy)', parseChoiceOption('--connectivity', ['4', '8'] as const))
    .option('--simplify <map units>', 'geojson: Douglas-Peucker tolerance in map units (pixels without georeferencing); default 0, exact pixel edges', parseNumberOption('--simplify', 0, Number.MAX_VALUE))
    .option('--min-area <map units^2>', 'geojson: leave out polygons and fill holes smaller than this (default 0)', parseNumberOption('--min-area', 0, Number.MAX_VALUE))
    .option('--objects <classes>', 'geojson, coco, instances: only these classes (names or ids, comma-separated) become polygons and instances, e.g. car,pedestrian (default: all)', (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .option('--vector-crs <wgs84|source>', 'geojson: WGS 84 longitude/latitude (RFC 7946; default when the image has a CRS) or the source CRS / pixels', parseChoiceOption('--vector-crs', VECTOR_CRSS));
  addStreamingFlag(addInferenceFlags(command)).action((inputs: string[], flags: PredictFlags) => runPredict(inputs, flags, givenOptions(command), context));
}
