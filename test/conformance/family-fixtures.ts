/**
 * The family fixtures (test/fixtures/families/, written by tools/families/) and the one measurement every model
 * family and import path goes through: semseg's score volume after resize-back against the PyTorch pipeline's
 * (on a subsample of pixels, plus per-channel means of the whole volume), and semseg's labels from segment()
 * against the pipeline's labels at every pixel.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeImage } from '../../src/io/decode.js';
import { segment } from '../../src/inference/segment.js';
import { importOnnx } from '../../src/models/import/import-onnx.js';
import { writeModelFolder } from '../../src/models/import/write.js';
import { loadModel } from '../../src/models/load.js';
import type { ModelCard } from '../../src/models/card-schema.js';
import type { SegmentationModel } from '../../src/models/types.js';
import { resizeScores } from '../../src/postprocess/resize-scores.js';
import { planInput } from '../../src/preprocess/plan.js';
import { imageToTensor } from '../../src/preprocess/to-tensor.js';
import { fixturesDir } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { buildTinyTflite, type TfliteSpec } from './tflite-family.js';

export const familiesDir = join(fixturesDir, 'families');

export interface FamilyCase {
  image: string;
  width: number;
  height: number;
  labels: string;
  scores?: string;
  channelMeans?: number[];
}

export interface FamilyReference {
  family: string;
  variant: string;
  encoder: string;
  pipeline: string;
  parameters: number;
  classes: number;
  output: 'logits' | 'probabilities' | 'labels';
  importFlags: string[];
  subsample: { start: number; step: number };
  cases: FamilyCase[];
  tflite?: TfliteSpec;
}

/** How a model reaches semseg: its plain card, a Hugging Face folder, a bare ONNX file, a TFLite file. */
export type ImportPath = 'card' | 'hf-folder' | 'onnx-import' | 'tflite';

export interface Fixture {
  id: string;
  dir: string;
  reference: FamilyReference;
  /** The paths this fixture can take. */
  paths: ImportPath[];
}

export function listFixtures(): Fixture[] {
  return readdirSync(familiesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(familiesDir, entry.name, 'reference.json')))
    .map((entry) => {
      const dir = join(familiesDir, entry.name);
      const reference = JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as FamilyReference;
      const paths: ImportPath[] = reference.tflite
        ? ['tflite']
        : existsSync(join(dir, 'config.json'))
          ? ['hf-folder', 'onnx-import']
          : ['card', 'onnx-import'];
      return { id: entry.name, dir, reference, paths };
    });
}

/** The ONNX file of a fixture (plain folder or Hugging Face layout). */
export function fixtureOnnx(fixture: Fixture): string {
  const hf = join(fixture.dir, 'onnx', 'model.onnx');
  return existsSync(hf) ? hf : join(fixture.dir, 'model.onnx');
}

/**
 * Makes a model folder for `path` under `work` and returns it: the fixture itself for its plain card, the import
 * API for a Hugging Face folder, the CLI (`semseg models import` with the fixture's flags) for bare ONNX and TFLite.
 */
export async function modelFolderFor(fixture: Fixture, path: ImportPath, work: string): Promise<string> {
  const out = join(work, `${fixture.id}-${path}`);
  if (path === 'card') return fixture.dir;
  if (path === 'hf-folder') {
    const { card, onnxPath } = await importOnnx(fixture.dir);
    await writeModelFolder(out, onnxPath, card);
    return out;
  }
  let source = fixtureOnnx(fixture);
  if (path === 'tflite') {
    await mkdir(work, { recursive: true });
    source = join(work, `${fixture.id}.tflite`);
    await writeFile(source, buildTinyTflite(fixture.dir, fixture.reference.tflite!));
  }
  const flags = fixture.reference.importFlags.map((flag) => (flag.endsWith('.txt') ? join(fixture.dir, flag) : flag));
  const result = await runCli(['models', 'import', source, '--out', out, '--name', fixture.id, ...flags]);
  if (result.code !== 0) throw new Error(`semseg models import failed (${result.code}): ${result.stderr}`);
  return out;
}

export interface CaseParity {
  name: string;
  width: number;
  height: number;
  /** Largest and mean |semseg - PyTorch| over the subsampled scores (absent for label outputs). */
  maxAbs?: number;
  meanAbs?: number;
  /** Largest difference of a channel's mean over the whole volume. */
  channelMeanDiff?: number;
  /** Share of pixels whose label equals PyTorch's. */
  labelAgreement: number;
  /**
   * Pixels where segment()'s labels (the worker's fused resize + argmax, or its argmax at image size) differ from
   * the argmax of resizeScores' volume, the JS reference (absent for label outputs).
   */
  referenceMismatches?: number;
}

/** Per-pixel argmax of a channel-planar volume, ties to the lower class. */
function volumeArgmax(volume: Float32Array, channels: number, n: number): Uint8Array {
  const labels = new Uint8Array(n);
  for (let p = 0; p < n; p++) {
    let best = 0;
    for (let c = 1; c < channels; c++) if (volume[c * n + p] > volume[best * n + p]) best = c;
    labels[p] = best;
  }
  return labels;
}

async function readLabels(path: string): Promise<Uint8Array> {
  const image = await decodeImage(path);
  return Uint8Array.from({ length: image.width * image.height }, (_, i) => image.data[i * image.channels]);
}

function compareScores(fixture: Fixture, c: FamilyCase, volume: Float32Array, channels: number): Pick<CaseParity, 'maxAbs' | 'meanAbs' | 'channelMeanDiff'> {
  const bytes = readFileSync(join(fixture.dir, c.scores!));
  const expected = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const { start, step } = fixture.reference.subsample;
  const n = c.width * c.height;
  let maxAbs = 0;
  let sum = 0;
  let i = 0;
  for (let ch = 0; ch < channels; ch++) {
    for (let y = start; y < c.height; y += step) {
      for (let x = start; x < c.width; x += step, i++) {
        const d = Math.abs(volume[ch * n + y * c.width + x] - expected[i]);
        maxAbs = Math.max(maxAbs, d);
        sum += d;
      }
    }
  }
  if (i !== expected.length) throw new Error(`${c.scores}: expected ${i} subsampled scores, the file holds ${expected.length}`);
  let channelMeanDiff = 0;
  for (let ch = 0; ch < channels; ch++) {
    let total = 0;
    for (let p = ch * n; p < (ch + 1) * n; p++) total += volume[p];
    channelMeanDiff = Math.max(channelMeanDiff, Math.abs(total / n - c.channelMeans![ch]));
  }
  return { maxAbs, meanAbs: sum / i, channelMeanDiff };
}

/** Runs one test image through `model` and compares with the PyTorch pipeline's outputs. */
export async function measureCase(model: SegmentationModel, fixture: Fixture, c: FamilyCase): Promise<CaseParity> {
  const image = await decodeImage(join(fixture.dir, c.image));
  const { card } = model;
  const result: CaseParity = { name: c.image.replace(/^.*\/|\.png$/g, ''), width: image.width, height: image.height, labelAgreement: 0 };
  let reference: Uint8Array | undefined;
  if (c.scores) {
    const plan = planInput(image.width, image.height, card.input);
    const outputs = await model.backend.run({ [card.input.name!]: imageToTensor(image, plan, card.input) }, [card.output.name!]);
    const volume = resizeScores(outputs[card.output.name!], plan, card.output);
    Object.assign(result, compareScores(fixture, c, volume.data, volume.channels));
    if (volume.channels > 1) reference = volumeArgmax(volume.data, volume.channels, volume.width * volume.height);
  }
  const expected = await readLabels(join(fixture.dir, c.labels));
  const { labels } = await segment(model, image, { confidence: false });
  let same = 0;
  for (let p = 0; p < labels.length; p++) if (labels[p] === expected[p]) same++;
  result.labelAgreement = same / expected.length;
  if (reference) {
    let mismatches = 0;
    for (let p = 0; p < labels.length; p++) if (labels[p] !== reference[p]) mismatches++;
    result.referenceMismatches = mismatches;
  }
  return result;
}

export async function measureFixture(fixture: Fixture, folder: string): Promise<{ card: ModelCard; cases: CaseParity[] }> {
  const model = await loadModel(folder, { workers: 1 });
  try {
    const cases = [];
    for (const c of fixture.reference.cases) cases.push(await measureCase(model, fixture, c));
    return { card: model.card, cases };
  } finally {
    await model.dispose();
  }
}
