/**
 * `semseg eval`: score a model on a dataset (--model + --dataset), score predictions made elsewhere
 * (--pred + --dataset, or --pred + --gt <label folder>), or compare two reports (--compare a.json b.json).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Option, type Command } from 'commander';
import type { CliIo, CommandContext } from './io.js';
import { DATASET_OPTIONS_OF, openDataset, openLabelFolder, parseDatasetSpec, readClassTable, type Dataset, type OpenDatasetOptions } from '../datasets/index.js';
import { compareReports } from '../evaluation/compare.js';
import { evaluateModel, evaluatePredictions, type EvaluationResult } from '../evaluation/evaluate.js';
import type { EvaluationOptions, EvaluationReport } from '../evaluation/types.js';
import { loadModel, resolveModel } from '../models/load.js';
import { readModelCard } from '../models/read-card.js';
import { classesCsv, imagesCsv } from '../report/csv.js';
import { fromJson, toJson } from '../report/json.js';
import type { ProfileName } from '../metrics/index.js';
import { formatComparison, formatReport } from './eval-print.js';
import { oneLine } from '../datasets/list-some.js';
import { addInferenceFlags, givenOptions, inferenceFlagWarnings, inferenceOptions, type InferenceFlags } from './inference-flags.js';
import { withBatching } from '../inference/batching.js';
import { parseChoiceOption, parseListOption, parseNumberOption } from './options.js';
import { createProgress } from './progress.js';
import { UsageError } from './usage-error.js';
import { updateCardMetrics } from './update-card.js';
import { buildQualityProfile } from '../monitoring/quality-profile.js';
import type { ImageQuality } from '../monitoring/image-quality.js';
import type { ModelCard } from '../models/card-schema.js';
import { writeQualityProfile } from '../monitoring/profile-file.js';
import { prepareOutputFolder } from './output-folder.js';
import { profileLines } from './profile-summary.js';
import { printablePath } from './output-names.js';
import { isVolumeEval, runVolumeEval, type VolumeEvalFlags } from './eval-volumes.js';
import { parseAxis, parseSpacing } from './predict-volume.js';

const REPORT_KINDS = ['json', 'csv', 'html'] as const;
const PROFILES = ['mmseg', 'cityscapes', 'torchmetrics', 'smp'] as const;

interface EvalFlags extends InferenceFlags, Omit<VolumeEvalFlags, 'out'> {
  model?: string;
  pred?: string;
  gt?: string;
  dataset?: string;
  split?: string;
  images?: string;
  labels?: string;
  pattern?: string;
  classes?: string;
  ignoreIndex?: number;
  labelEncoding?: 'ids' | 'colors';
  cityscapesLabels?: 'labelIds' | 'labelTrainIds';
  profile: ProfileName;
  out: string;
  report: (typeof REPORT_KINDS)[number][];
  boundary: boolean;
  calibration: boolean;
  bootstrap: number;
  worst: number;
  workers?: number;
  threads?: number;
  updateCard?: boolean;
  compare?: string[];
  saveProfile?: string;
  progress: boolean;
}

const DATASET_FLAGS = ['split', 'images', 'labels', 'pattern', 'classes', 'ignoreIndex', 'labelEncoding', 'cityscapesLabels'] as const;
const LABEL_FOLDER_FLAGS = ['classes', 'ignoreIndex', 'labelEncoding'] as const;
/** Options that only matter when a model runs. */
const MODEL_FLAGS = ['mode', 'crop', 'stride', 'blend', 'tta', 'batch', 'workers', 'threads', 'updateCard', 'saveProfile'];

const flagName = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
type Warn = (line: string) => void;
const warner = (io: CliIo): Warn => (line) => io.stderr.write(`warning: ${line}\n`);

/** The dataset options that `reads` names; each other one given is a warning, never silently dropped. */
function datasetOptions(flags: EvalFlags, reads: readonly string[], what: string, warn: Warn): OpenDatasetOptions {
  const picked: Record<string, unknown> = {};
  for (const key of DATASET_FLAGS) {
    if (flags[key] === undefined) continue;
    if (reads.includes(key)) picked[key] = flags[key];
    else warn(`${flagName(key)} has no effect on ${what} (it reads ${reads.length ? reads.map(flagName).join(', ') : 'no dataset option'}); ignored`);
  }
  return picked as OpenDatasetOptions;
}

function openSpec(spec: string, flags: EvalFlags, warn: Warn): Promise<Dataset> {
  const { kind } = parseDatasetSpec(spec);
  const fixed = kind === 'folder' ? '' : ': its classes, ignore index and label encoding are fixed';
  return openDataset(spec, datasetOptions(flags, DATASET_OPTIONS_OF[kind], `a ${kind} dataset${fixed}`, warn));
}

/** `--gt kind:path` rather than a folder (whose name may hold a colon too). */
const isSpec = (gt: string) => gt.includes(':') && !existsSync(gt);

/** --gt <label folder>: classes from --classes (a class table or card) or the --model card. */
async function groundTruth(flags: EvalFlags, warn: Warn): Promise<Dataset> {
  if (flags.dataset) {
    if (flags.gt) warn('--gt has no effect together with --dataset, which names the ground truth; ignored');
    return openSpec(flags.dataset, flags, warn);
  }
  if (!flags.gt) throw new UsageError('Expected --dataset <kind:path> or --gt <label folder> but received neither');
  if (isSpec(flags.gt)) return openSpec(flags.gt, flags, warn);
  if (!flags.pred) throw new UsageError(`Expected --pred <folder> with --gt <label folder> (it holds no images to run --model on; use --dataset folder:<root>) but received --gt "${flags.gt}" alone`);
  const options = datasetOptions(flags, LABEL_FOLDER_FLAGS, 'a --gt label folder', warn);
  if (flags.classes) {
    const table = await readClassTable(flags.classes);
    return openLabelFolder(flags.gt, table, { ...options, tablePath: flags.classes });
  }
  if (!flags.model) throw new UsageError('Expected --classes <table.json> or --model <name> to name the classes of --gt <folder> but received neither');
  const { cardPath } = await resolveModel(flags.model);
  const card = await readModelCard(cardPath);
  const table = { classes: card.classes, hasColors: true, ignoreIndex: card.ignoreIndex, ignoreColors: [] };
  return openLabelFolder(flags.gt, table, { ...options, tablePath: cardPath });
}

/** Options given on the command line that cannot change this run's result. */
function optionWarnings(flags: EvalFlags, command: Command, warn: Warn): void {
  const given = givenOptions(command);
  if (flags.compare) {
    const others = command.options.map((o) => o.attributeName()).filter((key) => key !== 'compare' && given(key));
    others.forEach((key) => warn(`${flagName(key)} has no effect with --compare, which only reads the two reports; ignored`));
    return;
  }
  if (flags.pred) MODEL_FLAGS.filter(given).forEach((key) => warn(`${flagName(key)} has no effect with --pred (no model is run); ignored`));
  const cardNamesClasses = !flags.dataset && flags.gt !== undefined && !isSpec(flags.gt) && !flags.classes;
  if (flags.pred && flags.model && !cardNamesClasses) warn('--model has no effect with --pred unless its card names the classes of a --gt folder; ignored');
  else inferenceFlagWarnings(flags, given).forEach(warn);
  if (given('worst') && !flags.report.includes('html')) warn('--worst has no effect without the html report (--report); ignored');
}

async function writeReports(result: EvaluationResult, flags: EvalFlags): Promise<string[]> {
  await mkdir(flags.out, { recursive: true });
  const written: string[] = [];
  const put = async (name: string, body: string) => {
    await writeFile(join(flags.out, name), body);
    written.push(join(flags.out, name));
  };
  if (flags.report.includes('json')) await put('report.json', toJson(result.report));
  if (flags.report.includes('csv')) {
    await put('classes.csv', classesCsv(result.report));
    await put('images.csv', imagesCsv(result.report));
  }
  if (flags.report.includes('html')) {
    // Loaded only when asked for: the page builder pulls in image encoding the other reports do not need.
    const { writeHtmlReport } = await import('../report/html/write-html-report.js');
    await put('report.html', await writeHtmlReport(result));
  }
  return written;
}

/** --save-profile: the quality profile of the evaluation's predictions (after the reports, which never wait on it). */
async function saveProfile(path: string, card: ModelCard, dataset: Dataset, quality: ImageQuality[], io: CliIo): Promise<void> {
  const split = dataset.split ? ` ${dataset.split}` : '';
  const profile = buildQualityProfile(card, quality, { source: `semseg eval: ${dataset.name}${split} (${dataset.root})` });
  await writeQualityProfile(path, profile);
  io.stdout.write(`${profileLines(profile, printablePath(path)).join('\n')}\n`);
}

async function runCompare([a, b]: string[], io: CliIo): Promise<number> {
  const read = async (path: string) => fromJson<EvaluationReport>(await readFile(path, 'utf8').catch((e: Error) => {
    throw new UsageError(`Expected a readable report JSON for --compare but received "${path}" (${e.message})`);
  }));
  io.stdout.write(`${formatComparison(compareReports(await read(a), await read(b)))}\n`);
  return 0;
}

async function runEval(flags: EvalFlags, io: CliIo): Promise<number> {
  if (flags.compare) return runCompare(flags.compare, io);
  if (await isVolumeEval(flags.gt)) return runVolumeEval(flags, io);
  const warn = warner(io);
  if (!flags.model && !flags.pred) throw new UsageError('Expected --model <name|path> or --pred <folder> (or --compare a.json b.json) but received none of them');
  const options: EvaluationOptions = {
    profile: flags.profile,
    boundary: flags.boundary,
    calibration: flags.calibration,
    bootstrap: flags.bootstrap,
    worst: flags.worst,
    inference: inferenceOptions(flags),
    quality: flags.saveProfile && !flags.pred ? {} : undefined,
  };
  const dataset = await groundTruth(flags, warn);
  if (options.quality) await prepareOutputFolder(dirname(flags.saveProfile!));
  const progress = createProgress(dataset.samples.length, 'eval', flags.progress && io.stderr.isTTY === true, io.stderr);
  const onProgress = (_: unknown, failure?: { id: string; message: string }) => {
    if (failure) progress.log(`error: ${failure.id}: ${oneLine(failure.message)}`);
    progress.tick();
  };
  let result: EvaluationResult;
  let card: ModelCard | undefined;
  if (flags.pred) {
    try {
      result = await evaluatePredictions(flags.pred, dataset, options, onProgress);
    } finally {
      progress.stop();
    }
  } else {
    const model = await loadModel(flags.model!, { workers: flags.workers, threadsPerWorker: flags.threads });
    try {
      result = await evaluateModel(withBatching(model, flags.batch), dataset, options, onProgress);
    } finally {
      progress.stop();
      await model.dispose();
    }
    card = model.card;
    if (flags.updateCard) io.stdout.write(`updated ${await updateCardMetrics(flags.model!, result.report)}\n`);
  }
  result.report.warnings.forEach(warn);
  const written = await writeReports(result, flags);
  io.stdout.write(`${formatReport(result.report)}\nreports: ${written.join(', ')}\n`);
  if (card && result.quality) await saveProfile(flags.saveProfile!, card, dataset, result.quality, io);
  // Nothing counted (all ground truth void) is as much a failure as an image that could not be read.
  return result.report.failures.length > 0 || result.report.profile.pixels === 0 ? 1 : 0;
}

export function registerEval(program: Command, { io, setExitCode }: CommandContext): void {
  const command = program
    .command('eval')
    .description('score a model or predictions against ground truth; compare two reports')
    .option('-m, --model <name|path>', 'model to evaluate (embedded name, .onnx file or model folder)')
    .option('--pred <dir>', 'score predictions made elsewhere: <dir>/<sample id>.labels.png or .png')
    .option('-d, --dataset <kind:path>', 'ground truth: camvid, cityscapes, voc, ade20k or folder, e.g. camvid:data/camvid')
    .option('--gt <dir|kind:path>', 'ground truth as a folder of label PNGs for --pred (classes: --classes or the --model card), a dataset spec, or label volumes (NIfTI, TIFF stacks: per-structure Dice, HD95, ASSD)')
    .option('--axis <i|j|k>', 'volumes with --model: slicing axis (default k)', parseAxis)
    .option('--window <spec>', 'volumes with --model: intensity window (as semseg predict)')
    .option('--context <n>', 'volumes with --model: 2.5-D neighbouring slices each side (as semseg predict)', parseNumberOption('--context', 0, 16, true))
    .option('--spacing <x,y,z>', 'TIFF stack volumes: voxel size in mm (default 1,1,1)', parseSpacing)
    .option('--split <name>', 'dataset split (default: camvid test, cityscapes val, voc val, ade20k validation)')
    .option('--images <dir|glob>', 'folder datasets: images; volume ground truth: the volumes --model runs on')
    .option('--labels <dir|glob>', 'folder datasets: labels')
    .option('--pattern <{images,labels}>', 'folder datasets: two globs paired by file stem')
    .option('--classes <json>', 'class table (folder datasets, --gt folders); a model card works too')
    .option('--ignore-index <n>', 'label value to ignore (folder datasets, --gt folders)', parseNumberOption('--ignore-index', 0, 65535, true))
    .option('--label-encoding <ids|colors>', 'folder datasets and --gt folders: ground-truth labels hold ids or class colours', parseChoiceOption('--label-encoding', ['ids', 'colors'] as const))
    .option('--cityscapes-labels <labelIds|labelTrainIds>', 'cityscapes: which ground-truth files to read', parseChoiceOption('--cityscapes-labels', ['labelIds', 'labelTrainIds'] as const))
    .option('--profile <name>', `metric semantics: ${PROFILES.join(', ')}`, parseChoiceOption('--profile', PROFILES), 'mmseg')
    .option('-o, --out <dir>', 'report folder', 'semseg-eval')
    .addOption(new Option('--report <list>', 'reports to write').argParser(parseListOption('--report', REPORT_KINDS)).default([...REPORT_KINDS], REPORT_KINDS.join(',')))
    .option('--no-boundary', 'skip boundary IoU')
    .option('--no-calibration', 'skip calibration (ECE, reliability diagram)')
    .option('--bootstrap <n>', 'bootstrap resamples for the mIoU interval (0: off)', parseNumberOption('--bootstrap', 0, 100000, true), 1000)
    .option('--worst <k>', 'worst images shown in the HTML report', parseNumberOption('--worst', 0, 100, true), 6)
    .option('--workers <n>', 'inference worker threads (default: cores)', parseNumberOption('--workers', 1, 64, true))
    .option('--threads <n>', 'onnxruntime threads per worker', parseNumberOption('--threads', 1, 64, true))
    .option('--update-card', "write the measured figures into the model's card (metrics field)")
    .option('--save-profile <file>', 'also record the reference quality profile of the predictions for drift monitoring (see semseg profile)')
    .option('--compare <reports...>', 'compare two report.json files: per-class deltas and most regressed images')
    .option('--no-progress', 'no progress bar');
  addInferenceFlags(command).action(async (flags: EvalFlags) => {
    if (flags.compare && flags.compare.length !== 2) throw new UsageError(`Expected two report files for --compare but received ${flags.compare.length}`);
    optionWarnings(flags, command, warner(io));
    setExitCode(await runEval(flags, io));
  });
}
