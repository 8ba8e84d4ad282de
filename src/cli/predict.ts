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
import { isVolumeFile, volumeStem } from '../io/volume-file.js';
import { DEFAULT_MAX_VOXELS } from '../io/nifti-read.js';
import { parseWindow } from '../volumes/window.js';
import { checkContext } from '../volumes/predict-volume.js';
import type { VolumeAxis } from '../volumes/types.js';
import { parseAxis, parseSpacing, predictVolumes, VOLUME_OUTPUTS } from './predict-volume.js';
import { isVideoPath } from '../video/video-file.js';
import { decodeOptionsFor } from '../io/decode.js';
import { sequenceInputs } from './sequence-inputs.js';
import { predictSequences } from './predict-video.js';
import { parseBands, parseRange, withInputOverrides } from '../models/input-overrides.js';

/** Every value of --outputs: the image outputs and, for volumes, nifti and tiff (json serves both). */
const PREDICT_OUTPUTS = [...new Set([...OUTPUT_KINDS, ...VOLUME_OUTPUTS])];

export interface PredictFlags extends InferenceFlags, StreamingFlags {
  model: string;
  card?: string;
  out: string;
  outputs: (OutputKind | 'nifti' | 'tiff')[];
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
  spacing?: [number, number, number];
  context?: number;
  smooth?: number;
  frames?: boolean;
  sequence?: boolean;
  fps: number;
  bands?: number[];
  range?: { min: number; max: number };
  nodata?: number;
  cog?: boolean;
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
  if (given('cog') && !flags.outputs.includes('geotiff')) warnings.push(`--cog has no effect without the geotiff output (--outputs ${flags.outputs.join(',')}); ignored`);
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
  if (files.some((f) => isVideoPath(f.path)) || flags.sequence) return runPredictSequences(inputs, { files, problems, notes }, flags, { io, setExitCode });
  if (files.length === 0) throw new UsageError('Expected at least one image among the inputs but found none');
  for (const key of ['smooth', 'frames', 'fps'] as const) if (given(key)) io.stderr.write(`warning: --${key} applies to videos and --sequence folders only; ignored\n`);
  const volumes = (await Promise.all(files.map((f) => isVolumeFile(f.path)))).filter(Boolean).length;
  if (volumes > 0) return runPredictVolumes(files, volumes, flags, given, { io, setExitCode });
  for (const kind of ['nifti', 'tiff'] as const) {
    if (flags.outputs.includes(kind)) throw new UsageError(`Expected volumes (NIfTI .nii/.nii.gz or multi-page TIFF stacks) for --outputs ${kind} but received images only`);
  }
  for (const key of ['window', 'axis', 'spacing', 'context'] as const) if (given(key)) io.stderr.write(`warning: --${key} applies to volumes only; ignored\n`);
  await prepareOutputFolder(flags.out);
  const loaded = await loadModel(flags.model, { card: flags.card, workers: flags.workers, threadsPerWorker: flags.threads });
  const model = withInputOverrides(loaded, { bands: flags.bands, range: flags.range });
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
      nodata: flags.nodata,
      cog: flags.cog,
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

/** Volume inputs (NIfTI, TIFF stacks): all of them volumes (a run mixes no images in), one volume at a time. */
async function runPredictVolumes(files: Awaited<ReturnType<typeof expandInputs>>['files'], volumes: number, flags: PredictFlags, given: (key: string) => boolean, { io, setExitCode }: CommandContext): Promise<void> {
  if (volumes !== files.length) throw new UsageError('Expected only volumes or only images among the inputs but received both (run them separately)');
  let outputs: string[] | undefined;
  if (given('outputs')) {
    const other = flags.outputs.filter((o) => !(VOLUME_OUTPUTS as readonly string[]).includes(o));
    outputs = flags.outputs.filter((o) => (VOLUME_OUTPUTS as readonly string[]).includes(o));
    if (other.length) io.stderr.write(`warning: --outputs ${other.join(',')} apply to images only; volumes get ${outputs.join(',') || 'none of them'}\n`);
    if (outputs.length === 0) throw new UsageError(`Expected nifti, tiff or json among --outputs for volumes but received ${flags.outputs.join(',')}`);
  }
  if (flags.window !== undefined) parseWindow(flags.window, '--window');
  await prepareOutputFolder(flags.out);
  const model = await loadModel(flags.model, { card: flags.card, workers: flags.workers, threadsPerWorker: flags.threads });
  let failed = 0;
  try {
    const options = { ...inferenceOptions(flags), timeoutMs: flags.timeout === undefined ? undefined : flags.timeout * 1000 };
    validatePredictOptions(model, options);
    checkContext(model, flags.context ?? 0);
    const named = files.map((f) => ({ path: f.path, name: volumeStem(f.name) }));
    const volumeOptions = { ...options, outDir: flags.out, outputs, window: flags.window, axis: flags.axis, maxVoxels: flags.maxVoxels, spacing: flags.spacing, context: flags.context, signal: io.interrupt };
    const results = await predictVolumes(model, named, volumeOptions, (line) => io.stderr.write(`${line}\n`));
    failed = results.filter((r) => !r.ok).length;
    io.stdout.write(`${files.length} volume(s): ${results.length - failed} written, ${failed} failed\noutputs: ${printablePath(flags.out)} (summary.json lists every volume)\n`);
  } finally {
    await model.dispose();
  }
  setExitCode(failed > 0 ? 1 : 0);
}

/** Videos and (with --sequence) frame folders: all inputs clips, one at a time (see predict-video.ts). */
async function runPredictSequences(inputs: string[], expanded: Awaited<ReturnType<typeof expandInputs>>, flags: PredictFlags, { io, setExitCode }: CommandContext): Promise<void> {
  await prepareOutputFolder(flags.out);
  const model = await loadModel(flags.model, { card: flags.card, workers: flags.workers, threadsPerWorker: flags.threads });
  try {
    const { sequences, images } = await sequenceInputs(inputs, expanded, { sequence: flags.sequence === true, fps: flags.fps, decode: { ...decodeOptionsFor(model.card), maxPixels: flags.maxPixels }, tools: {} });
    if (images.length) throw new UsageError('Expected only videos (or, with --sequence, frame folders) or only images among the inputs but received both (run them separately)');
    if (sequences.length === 0) throw new UsageError('Expected at least one video or frame folder among the inputs but found none');
    const results = await predictSequences(model, sequences, { out: flags.out, smooth: flags.smooth, frames: flags.frames, overlay: flags.outputs.includes('overlay'), opacity: flags.opacity, transparent: classIds(model.card, flags.transparent) }, io);
    const failed = results.filter((r) => !r.ok).length;
    io.stdout.write(`${sequences.length} clip(s): ${results.length - failed} written, ${failed} failed\noutputs: ${printablePath(flags.out)} (summary.json lists every clip)\n`);
    if (io.interrupt?.aborted) return setExitCode(INTERRUPT_EXIT[String(io.interrupt.reason)] ?? 130);
    setExitCode(failed + expanded.problems.length > 0 ? 1 : 0);
  } finally {
    await model.dispose();
  }
}

export function registerPredict(program: Command, context: CommandContext): void {
  const command = program
    .command('predict')
    .description('segment images and write label maps, colour maps, overlays and per-class statistics')
    .argument('<inputs...>', 'image files, folders or glob patterns; video files (ffmpeg)')
    .option('-m, --model <name|path>', 'embedded model name, .onnx file or model folder', DEFAULT_MODEL)
    .option('--card <path>', 'model card JSON (default: next to the model)')
    .option('-o, --out <dir>', 'output folder', 'semseg-out')
    .addOption(new Option('--outputs <list>', `what to write: ${OUTPUT_KINDS.join(',')} (images); nifti,tiff,json (volumes; default: their own format and json)`).argParser(parseListOption('--outputs', PREDICT_OUTPUTS)).default([...DEFAULT_OUTPUTS], DEFAULT_OUTPUTS.join(',')))
    .option('--opacity <0..1>', 'colour opacity of the overlay', parseNumberOption('--opacity', 0, 1), 0.5)
    .option('--legend', 'draw a class key (colour, name, share) beside the overlay')
    .option('--transparent <classes>', 'classes (names or ids, comma-separated) left unpainted in the overlay, e.g. background', (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .option('--timeout <seconds>', 'give up on an image after this long (TIMEOUT), the batch goes on', parseNumberOption('--timeout', 0.001, 86400))
    .option('--max-pixels <n>', 'refuse larger images', parseNumberOption('--max-pixels', 1, Number.MAX_SAFE_INTEGER, true), DEFAULT_MAX_PIXELS)
    .option('--workers <n>', 'inference worker threads (default: cores)', parseNumberOption('--workers', 1, 64, true))
    .option('--threads <n>', 'onnxruntime threads per worker (default: cores / workers)', parseNumberOption('--threads', 1, 64, true))
    .option('-r, --recursive', 'descend into sub-folders (each real folder once: link loops are skipped)')
    .option('--no-progress', 'no progress bar')
    .option('--spacing <x,y,z>', 'TIFF stacks: voxel size in mm (default 1,1,1; NIfTI files carry their own)', parseSpacing)
    .option('--context <n>', 'volumes: 2.5-D, n neighbouring slices each side as extra channels (the model takes 2n+1)', parseNumberOption('--context', 0, 16, true))
    .option('--window <spec>', 'volumes: intensity window to 0..255, <level>/<width> (40/400), p<low>/p<high> (p1/p99) or none (default: none for uint8, p1/p99 otherwise)')
    .option('--axis <i|j|k>', 'volumes: slicing axis (default k, axial)', parseAxis)
    .option('--max-voxels <n>', 'volumes: refuse larger volumes', parseNumberOption('--max-voxels', 1, Number.MAX_SAFE_INTEGER, true), DEFAULT_MAX_VOXELS)
    .option('--bands <list>', 'source bands (1-based, GDAL order) feeding the model channels, e.g. 4,3,2 (default: the card)', parseBands)
    .option('--range <min,max>', 'source values mapped onto 0..255 before normalisation, e.g. 0,10000 (default: the card)', parseRange)
    .option('--nodata <value>', 'source value of nodata pixels (default: the file\'s GDAL_NODATA); they get label 255', parseNumberOption('--nodata', -Number.MAX_VALUE, Number.MAX_VALUE))
    .option('--cog', 'geotiff output: add overviews in Cloud-Optimized GeoTIFF order')
    .option('--smooth <alpha>', 'videos: moving average of probabilities across frames, weight of the past 0..<1 (e.g. 0.6)', parseNumberOption('--smooth', 0, 0.999))
    .option('--frames', 'videos: also write per-frame label PNGs (<name>.frames/)')
    .option('--sequence', 'treat each folder argument as the numbered frames of one clip (overlay video, CSV)')
    .option('--fps <n>', 'frames per second of frame folders', parseNumberOption('--fps', 0.01, 1000), 30)
    .option('--connectivity <4|8>', 'geojson, coco, instances: pixels touching only at a corner join with 8 (default 4, as gdal_polygonize and scipy)', parseChoiceOption('--connectivity', ['4', '8'] as const))
    .option('--simplify <map units>', 'geojson: Douglas-Peucker tolerance in map units (pixels without georeferencing); default 0, exact pixel edges', parseNumberOption('--simplify', 0, Number.MAX_VALUE))
    .option('--min-area <map units^2>', 'geojson: leave out polygons and fill holes smaller than this (default 0)', parseNumberOption('--min-area', 0, Number.MAX_VALUE))
    .option('--objects <classes>', 'geojson, coco, instances: only these classes (names or ids, comma-separated) become polygons and instances, e.g. car,pedestrian (default: all)', (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .option('--vector-crs <wgs84|source>', 'geojson: WGS 84 longitude/latitude (RFC 7946; default when the image has a CRS) or the source CRS / pixels', parseChoiceOption('--vector-crs', VECTOR_CRSS));
  addStreamingFlag(addInferenceFlags(command)).action((inputs: string[], flags: PredictFlags) => runPredict(inputs, flags, givenOptions(command), context));
}
