/**
 * `semseg field <images|folders...> --model M`: per image vegetation cover, crop, weed and soil shares, the weed/crop
 * ratio and the weed patches; totals per field (the images' folder). Writes images.csv, patches.csv, fields.csv,
 * field.json and report.html (docs/agriculture.md). Class roles come from the card's `roles` or the --*-classes
 * flags (not --crop: that is the sliding-window size). A bad image gets its coded error and the others carry on.
 */
import { dirname, join } from 'node:path';
import { Option, type Command } from 'commander';
import { SemsegError } from '../core/errors.js';
import { loadModel } from '../models/load.js';
import { DEFAULT_MAX_PIXELS } from '../io/decode.js';
import { writeFileAtomic } from '../io/file-sink.js';
import { withBatching } from '../inference/batching.js';
import { validatePredictOptions } from '../pipeline/predict.js';
import { resolveRoles } from '../agriculture/roles.js';
import { measureImage } from '../agriculture/measure-image.js';
import { buildFieldReport } from '../agriculture/field-report.js';
import { fieldImagesCsv, fieldPatchesCsv, fieldTotalsCsv } from '../agriculture/field-csv.js';
import { fieldReportHtml } from '../agriculture/field-report-html.js';
import type { FieldItem, FieldReport, FieldTotals } from '../agriculture/types.js';
import type { RoleName } from '../models/roles-schema.js';
import { expandInputs } from './expand-inputs.js';
import { predictBatch, type PredictItemResult } from './predict-batch.js';
import { forEachLabelFile, openLabelSource } from './field-labels.js';
import type { InputFile } from './output-names.js';
import { createProgress } from './progress.js';
import { addInferenceFlags, givenOptions, inferenceFlagWarnings, inferenceOptions, type InferenceFlags } from './inference-flags.js';
import { parseListOption, parseNumberOption } from './options.js';
import { prepareOutputFolder } from './output-folder.js';
import { printablePath } from './output-names.js';
import { itemLine } from './predict-summary.js';
import { INTERRUPT_EXIT, type CommandContext } from './io.js';
import { UsageError } from './usage-error.js';

const REPORTS = ['csv', 'html', 'json'] as const;

interface FieldFlags extends InferenceFlags {
  model: string;
  card?: string;
  out: string;
  report: (typeof REPORTS)[number][];
  cropClasses?: string[];
  weedClasses?: string[];
  soilClasses?: string[];
  vegetationClasses?: string[];
  connectivity: 4 | 8;
  minPatch: number;
  maxPixels: number;
  workers?: number;
  threads?: number;
  recursive?: boolean;
  progress: boolean;
  labels?: string;
  labelEncoding: 'ids' | 'colors';
}

const classList = (value: string) => value.split(',').map((s) => s.trim()).filter(Boolean);

function parseConnectivity(value: string): 4 | 8 {
  if (value === '4' || value === '8') return Number(value) as 4 | 8;
  throw new UsageError(`Expected 4 or 8 for --connectivity but received "${value}"`);
}

function roleOverrides(flags: FieldFlags): Partial<Record<RoleName, string[]>> {
  const given = { crop: flags.cropClasses, weed: flags.weedClasses, soil: flags.soilClasses, vegetation: flags.vegetationClasses };
  return Object.fromEntries(Object.entries(given).filter(([, names]) => names !== undefined));
}

function totalsLine(t: FieldTotals): string {
  const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
  const ratio = t.weedCropRatio === null ? '-' : t.weedCropRatio.toFixed(3);
  return `${printablePath(t.field)}: ${t.images} image(s)${t.failed ? `, ${t.failed} failed` : ''}; cover ${pct(t.cover)}, crop ${pct(t.cropShare)}, weed ${pct(t.weedShare)}, weed/crop ${ratio}, ${t.patchCount} weed patch(es)`;
}

type ItemResult = Pick<PredictItemResult, 'file' | 'ok' | 'code' | 'error' | 'detail'>;
type StatsOptions = { connectivity: 4 | 8; minPatchPixels: number; thumbnail: boolean };
interface Measured {
  results: ItemResult[];
  measured: Map<string, Pick<FieldItem, 'stats' | 'thumbnail'>>;
  model: FieldReport['model'];
  roles: FieldReport['roles'];
}

async function measureWithModel(files: InputFile[], flags: FieldFlags, statsOptions: StatsOptions, onItem: (r: ItemResult) => void, signal?: AbortSignal): Promise<Measured> {
  const model = await loadModel(flags.model, { card: flags.card, workers: flags.workers, threadsPerWorker: flags.threads });
  const measured: Measured['measured'] = new Map();
  try {
    const { roles, roleOf } = resolveRoles(model.card.classes, model.card.roles, roleOverrides(flags));
    const options = { outputs: [], ...inferenceOptions(flags) };
    validatePredictOptions(model, options);
    const outcome = await predictBatch(
      withBatching(model, flags.batch),
      files,
      {
        ...options,
        outDir: flags.out,
        maxPixels: flags.maxPixels,
        batch: flags.batch,
        signal,
        onPrediction: async (input, prediction) => {
          measured.set(input.path, await measureImage(input.path, prediction.map, roleOf, statsOptions));
        },
      },
      onItem,
    );
    if (outcome.fatal) throw new SemsegError(outcome.fatal.code!, `${outcome.fatal.error} (the batch stopped: every image would fail the same way)`);
    return { results: outcome.results, measured, model: { name: model.card.name, version: model.card.version }, roles };
  } finally {
    await model.dispose();
  }
}

async function measureLabels(files: InputFile[], flags: FieldFlags, statsOptions: StatsOptions, onItem: (r: ItemResult) => void, signal?: AbortSignal): Promise<Measured> {
  const source = await openLabelSource(flags.labels!, flags.labelEncoding);
  const { roles, roleOf } = resolveRoles(source.classes, source.roles, roleOverrides(flags));
  const measured: Measured['measured'] = new Map();
  const results = await forEachLabelFile(files, source, async (input, map) => {
    measured.set(input.path, await measureImage(undefined, map, roleOf, statsOptions));
  }, onItem, signal);
  return { results, measured, model: { name: `labels (${printablePath(flags.labels!)})`, version: '-' }, roles };
}

async function runField(inputs: string[], flags: FieldFlags, given: (key: string) => boolean, { io, setExitCode }: CommandContext): Promise<void> {
  const modelOnly = ['model', 'card', 'workers', 'threads', 'maxPixels', 'mode', 'crop', 'stride', 'blend', 'tta', 'batch'];
  const warnings = flags.labels
    ? modelOnly.filter(given).map((key) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} has no effect with --labels (no model runs); ignored`)
    : [...inferenceFlagWarnings(flags, given), ...(given('labelEncoding') ? ['--label-encoding has no effect without --labels; ignored'] : [])];
  for (const w of warnings) io.stderr.write(`warning: ${w}\n`);
  const { files, problems, notes } = await expandInputs(inputs, flags.recursive);
  for (const p of problems) io.stderr.write(`error: ${p.message}\n`);
  for (const n of notes) io.stderr.write(`note: ${n}\n`);
  if (files.length === 0) throw new UsageError('Expected at least one image among the inputs but found none');
  await prepareOutputFolder(flags.out);
  const progress = createProgress(files.length, 'field', flags.progress && io.stderr.isTTY === true, io.stderr);
  const onItem = (r: ItemResult) => {
    if (!r.ok) progress.log(itemLine(r));
    progress.tick();
  };
  const statsOptions = { connectivity: flags.connectivity, minPatchPixels: flags.minPatch, thumbnail: flags.report.includes('html') };
  let run: Measured;
  try {
    run = flags.labels ? await measureLabels(files, flags, statsOptions, onItem, io.interrupt) : await measureWithModel(files, flags, statsOptions, onItem, io.interrupt);
  } finally {
    progress.stop();
  }
  const items: FieldItem[] = run.results.map((r) => ({
    file: printablePath(r.file),
    field: printablePath(dirname(r.file)),
    ok: r.ok,
    ...(r.ok ? run.measured.get(r.file) : { code: r.code, error: r.error }),
  }));
  const report = buildFieldReport(items, {
    model: run.model,
    roles: run.roles,
    options: { connectivity: flags.connectivity, minPatchPixels: flags.minPatch },
  });
  const written: string[] = [];
  const put = async (name: string, body: string) => {
    await writeFileAtomic(join(flags.out, name), body);
    written.push(name);
  };
  if (flags.report.includes('csv')) {
    await put('images.csv', fieldImagesCsv(report));
    await put('patches.csv', fieldPatchesCsv(report));
    await put('fields.csv', fieldTotalsCsv(report));
  }
  if (flags.report.includes('json')) await put('field.json', `${JSON.stringify({ ...report, images: report.images.map(({ thumbnail: _pictures, ...item }) => item) }, null, 2)}\n`);
  if (flags.report.includes('html')) await put('report.html', fieldReportHtml(report));
  const failed = items.filter((item) => !item.ok).length;
  const lines = report.fields.length > 1 ? [...report.fields, report.total].map(totalsLine) : report.fields.map(totalsLine);
  io.stdout.write(`${lines.join('\n')}\n${files.length} image(s): ${items.length - failed} measured, ${failed} failed\noutputs: ${printablePath(flags.out)} (${written.join(', ')})\n`);
  if (io.interrupt?.aborted === true) {
    io.stderr.write(`interrupted: ${items.length} of ${files.length} image(s) finished, the reports list them\n`);
    return setExitCode(INTERRUPT_EXIT[String(io.interrupt.reason)] ?? 130);
  }
  setExitCode(failed + problems.length > 0 ? 1 : 0);
}

export function registerField(program: Command, context: CommandContext): void {
  const command = program
    .command('field')
    .description('crop/weed field statistics: vegetation cover, crop and weed shares, weed/crop ratio, weed patches; totals per field (folder)')
    .argument('<inputs...>', 'image files, folders (one field each) or glob patterns')
    .option('-m, --model <name|path>', 'embedded model name, .onnx file or model folder', 'vegetation')
    .option('--card <path>', 'model card JSON (default: next to the model)')
    .option('-o, --out <dir>', 'output folder', 'semseg-field')
    .addOption(new Option('--report <list>', `what to write: ${REPORTS.join(',')}`).argParser(parseListOption('--report', REPORTS)).default(['csv', 'html'], 'csv,html'))
    .option('--crop-classes <classes>', "crop classes, comma-separated (default: the card's roles.crop)", classList)
    .option('--weed-classes <classes>', "weed classes (default: the card's roles.weed)", classList)
    .option('--soil-classes <classes>', "soil classes (default: the card's roles.soil)", classList)
    .option('--vegetation-classes <classes>', "vegetation of no known kind (default: the card's roles.vegetation)", classList)
    .option('--connectivity <4|8>', 'weed patch neighbourhood: 8 joins diagonal neighbours', parseConnectivity, 8)
    .option('--min-patch <pixels>', 'list weed patches of at least this many pixels (smaller ones still count as weed)', parseNumberOption('--min-patch', 1, Number.MAX_SAFE_INTEGER, true), 1)
    .option('--max-pixels <n>', 'refuse larger images', parseNumberOption('--max-pixels', 1, Number.MAX_SAFE_INTEGER, true), DEFAULT_MAX_PIXELS)
    .option('--workers <n>', 'inference worker threads (default: cores)', parseNumberOption('--workers', 1, 64, true))
    .option('--threads <n>', 'onnxruntime threads per worker (default: cores / workers)', parseNumberOption('--threads', 1, 64, true))
    .option('-r, --recursive', 'descend into sub-folders (each image counts in its own folder\'s field)')
    .option('--labels <table.json>', 'the inputs are label images (annotations, predictions made elsewhere) decoded through this class table; no model runs')
    .addOption(new Option('--label-encoding <ids|colors>', 'with --labels: labels hold class ids or the table\'s colours').choices(['ids', 'colors']).default('ids'))
    .option('--no-progress', 'no progress bar');
  addInferenceFlags(command).action((inputs: string[], flags: FieldFlags) => runField(inputs, flags, givenOptions(command), context));
}
