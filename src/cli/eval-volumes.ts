/**
 * `semseg eval` on volumes: when --gt names a volume (NIfTI or multi-page TIFF) or a folder of them, each ground
 * truth is paired by file stem with a prediction — a label volume from --pred (`<stem>.nii.gz`, or the
 * `<stem>.labels.nii.gz` that `semseg predict` writes) or --model run on the --images volume of that stem — and
 * scored per structure (evaluation/volume-scores.ts): Dice, IoU, HD95, ASSD, Hausdorff (mm), volumes in mL.
 * Writes volumes.json and volumes.csv; one volume that fails never stops the others.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import Table from 'cli-table3';
import type { ClassInfo } from '../core/types.js';
import { firstLine, SemsegError } from '../core/errors.js';
import { readClassTable } from '../datasets/index.js';
import { scoreVolume, summarizeStructures, type StructureSummary, type VolumeScore } from '../evaluation/volume-scores.js';
import { writeFileAtomic } from '../io/file-sink.js';
import { isVolumeFile, readVolumeFile, volumeStem } from '../io/volume-file.js';
import { loadModel, resolveModel } from '../models/load.js';
import { readModelCard } from '../models/read-card.js';
import type { SegmentationModel } from '../models/types.js';
import { csvTable } from '../report/csv.js';
import { toLabelVolume } from '../volumes/label-volume.js';
import { predictVolume } from '../volumes/predict-volume.js';
import { voxelSpacingMm } from '../volumes/affine.js';
import { parseWindow } from '../volumes/window.js';
import type { VolumeAxis } from '../volumes/types.js';
import type { CliIo } from './io.js';
import { prepareOutputFolder } from './output-folder.js';
import { printablePath } from './output-names.js';
import { UsageError } from './usage-error.js';

export interface VolumeEvalFlags {
  model?: string;
  pred?: string;
  gt?: string;
  images?: string;
  classes?: string;
  out: string;
  workers?: number;
  threads?: number;
  axis?: VolumeAxis;
  window?: string;
  spacing?: [number, number, number];
  context?: number;
}

interface VolumeFailure {
  id: string;
  code: string;
  message: string;
}

/** The volume files a path names: itself, or the volumes directly in a folder; by pairing stem. */
async function volumesAt(path: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const info = await stat(path).catch(() => undefined);
  const candidates = info?.isDirectory() ? (await readdir(path)).sort().map((name) => join(path, name)) : [path];
  for (const file of candidates) if (await isVolumeFile(file)) found.set(volumeStem(basename(file)).replace(/\.labels$/, ''), file);
  return found;
}

/** Whether this eval is on volumes: --gt is a volume or a folder holding volumes. */
export async function isVolumeEval(gt: string | undefined): Promise<boolean> {
  return gt !== undefined && (await volumesAt(gt)).size > 0;
}

async function structures(flags: VolumeEvalFlags): Promise<ClassInfo[]> {
  if (flags.classes) return (await readClassTable(flags.classes)).classes;
  if (!flags.model) throw new UsageError('Expected --classes <table.json> or --model <name> to name the structures of the --gt volumes but received neither');
  return (await readModelCard((await resolveModel(flags.model)).cardPath)).classes;
}

const finite = (value: number) => (Number.isFinite(value) ? value : null);

function reportJson(model: string | undefined, summary: StructureSummary[], scores: VolumeScore[], failures: VolumeFailure[]) {
  return {
    kind: 'volumes',
    model,
    note: 'distances in mm; null: exactly one of the two masks is empty (infinite distance), left out of the means',
    structures: summary,
    volumes: scores.map((s) => ({ ...s, structures: s.structures.map((r) => ({ ...r, hd95: finite(r.hd95), assd: finite(r.assd), hausdorff: finite(r.hausdorff) })) })),
    failures,
  };
}

function reportCsv(scores: VolumeScore[]): string {
  const number = (v: number) => (Number.isFinite(v) ? v : 'inf');
  const rows = scores.flatMap((s) => s.structures.map((r) => [s.id, r.id, r.name, r.dice, r.iou, number(r.hd95), number(r.assd), number(r.hausdorff), r.predMl, r.truthMl]));
  return csvTable(['volume', 'id', 'name', 'dice', 'iou', 'hd95_mm', 'assd_mm', 'hausdorff_mm', 'pred_ml', 'truth_ml'], rows);
}

function formatSummary(summary: StructureSummary[], count: number): string {
  const table = new Table({ head: ['structure', 'Dice %', 'IoU %', 'HD95 mm', 'ASSD mm', 'one mask empty'], style: { head: [], border: [] } });
  const mm = (v: number | null) => (v === null ? '-' : v.toPrecision(4));
  for (const s of summary) table.push([s.name, (100 * s.meanDice).toFixed(2), (100 * s.meanIou).toFixed(2), mm(s.meanHd95), mm(s.meanAssd), String(s.unmatched)]);
  return `${count} volume(s), means over volumes:\n${table.toString()}`;
}

async function predictedLabels(id: string, flags: VolumeEvalFlags, model: SegmentationModel | undefined, predictions: Map<string, string>) {
  const path = predictions.get(id);
  if (!path) throw new SemsegError('DATASET_INVALID', `Expected a ${model ? '--images' : '--pred'} volume with the stem "${id}" (as its ground truth) but found none`);
  const volume = await readVolumeFile(path, { spacing: flags.spacing });
  if (!model) return toLabelVolume(volume, path);
  const window = flags.window === undefined ? undefined : parseWindow(flags.window, '--window');
  const prediction = await predictVolume(model, volume, { axis: flags.axis, window, context: flags.context });
  return { labels: prediction.labels, dims: prediction.dims, spacing: voxelSpacingMm(volume.affine) };
}

export async function runVolumeEval(flags: VolumeEvalFlags, io: CliIo): Promise<number> {
  if (!flags.pred && !(flags.model && flags.images)) throw new UsageError('Expected --pred <label volumes> or --model <name> with --images <volumes> for volume ground truth (--gt) but received neither');
  const classes = await structures(flags);
  const truths = await volumesAt(flags.gt!);
  const predictions = await volumesAt((flags.pred ?? flags.images)!);
  await prepareOutputFolder(flags.out);
  const model = flags.pred ? undefined : await loadModel(flags.model!, { workers: flags.workers, threadsPerWorker: flags.threads });
  const scores: VolumeScore[] = [];
  const failures: VolumeFailure[] = [];
  try {
    for (const [id, truthPath] of truths) {
      try {
        const truth = toLabelVolume(await readVolumeFile(truthPath, { spacing: flags.spacing }), truthPath);
        scores.push(scoreVolume(id, await predictedLabels(id, flags, model, predictions), truth, classes));
        io.stderr.write(`${id}: ${scores.at(-1)!.structures.map((s) => `${s.name} Dice ${(100 * s.dice).toFixed(2)} %`).join(', ')}\n`);
      } catch (error) {
        const code = error instanceof SemsegError ? error.code : 'INTERNAL';
        failures.push({ id, code, message: firstLine(error instanceof Error ? error.message : String(error), 500) });
        io.stderr.write(`error: ${id}: ${failures.at(-1)!.message} [${code}]\n`);
      }
    }
  } finally {
    await model?.dispose();
  }
  const summary = summarizeStructures(scores, classes);
  const written = [join(flags.out, 'volumes.json'), join(flags.out, 'volumes.csv')];
  await writeFileAtomic(written[0], `${JSON.stringify(reportJson(model?.card.name ?? flags.model, summary, scores, failures), null, 2)}\n`);
  await writeFileAtomic(written[1], reportCsv(scores));
  io.stdout.write(`${formatSummary(summary, scores.length)}\nreports: ${written.map(printablePath).join(', ')}\n`);
  return failures.length > 0 || scores.length === 0 ? 1 : 0;
}
