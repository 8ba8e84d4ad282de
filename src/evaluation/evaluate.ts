/**
 * Evaluation of a model on a dataset, or of predictions made elsewhere against a dataset's ground truth.
 * Both share the accumulator and produce the same report.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SemsegError } from '../core/errors.js';
import type { Dataset, DatasetSample } from '../datasets/index.js';
import { readLabelImage } from '../datasets/read-label-image.js';
import { decodeImage } from '../io/decode.js';
import { segment } from '../inference/segment.js';
import type { SegmentationModel } from '../models/types.js';
import { createEvaluationAccumulator } from './accumulator.js';
import { runSamples } from './run-samples.js';
import type { EvaluationOptions, EvaluationReport, ImageFailure, WorstSample } from './types.js';

export const REPORT_VERSION = '1';

export interface EvaluationResult {
  report: EvaluationReport;
  worst: WorstSample[];
}

export type ProgressCallback = (sample: DatasetSample, failure?: ImageFailure) => void;

function assemble(dataset: Dataset, subject: EvaluationReport['subject'], acc: ReturnType<typeof createEvaluationAccumulator>, failures: ImageFailure[], started: number): EvaluationResult {
  const partial = acc.finish();
  const order = new Map(dataset.samples.map((s, i) => [s.id, i]));
  partial.images.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const report: EvaluationReport = {
    tool: 'semseg',
    version: REPORT_VERSION,
    createdAt: new Date().toISOString(),
    subject,
    dataset: { kind: dataset.kind, name: dataset.name, root: dataset.root, split: dataset.split, samples: dataset.samples.length },
    classes: dataset.classes,
    ignoreIndex: dataset.ignoreIndex,
    ...partial,
    failures,
    timing: { seconds: (performance.now() - started) / 1000 },
  };
  return { report, worst: acc.worstSamples() };
}

export async function evaluateModel(model: SegmentationModel, dataset: Dataset, options: EvaluationOptions, onProgress: ProgressCallback = () => undefined): Promise<EvaluationResult> {
  if (model.card.classes.length !== dataset.classes.length) {
    throw new SemsegError(
      'MODEL_MISMATCH',
      `Expected model "${model.card.name}" to predict the ${dataset.classes.length} classes of ${dataset.name} but it predicts ${model.card.classes.length}`,
    );
  }
  const started = performance.now();
  const acc = createEvaluationAccumulator(dataset.classes, dataset.ignoreIndex, options);
  const failures = await runSamples(
    dataset.samples,
    model.backend.workers + 2,
    async (sample) => {
      const [image, gt] = await Promise.all([decodeImage(sample.imagePath), dataset.readLabels(sample)]);
      const map = await segment(model, image, { ...options.inference, confidence: options.calibration });
      acc.add(sample, gt, map, map.confidence);
    },
    onProgress,
  );
  // The effective augmentation: the caller's, else the card's default.
  const inference = { ...options.inference, tta: options.inference?.tta ?? model.card.inference.tta };
  const subject = { model: { name: model.card.name, version: model.card.version, path: model.modelPath, inference } };
  return assemble(dataset, subject, acc, failures, started);
}

/** Finds a sample's prediction: `<dir>/<id>.labels.png` (semseg predict's name) or `<dir>/<id>.png`. */
async function findPrediction(dir: string, sample: DatasetSample): Promise<string> {
  const candidates = [join(dir, `${sample.id}.labels.png`), join(dir, `${sample.id}.png`)];
  for (const path of candidates) {
    if (await access(path).then(() => true, () => false)) return path;
  }
  throw new SemsegError('DATASET_INVALID', `Expected a prediction for sample "${sample.id}" at ${candidates.join(' or ')} but found none`);
}

export async function evaluatePredictions(predictionsDir: string, dataset: Dataset, options: EvaluationOptions, onProgress: ProgressCallback = () => undefined): Promise<EvaluationResult> {
  const started = performance.now();
  const acc = createEvaluationAccumulator(dataset.classes, dataset.ignoreIndex, { ...options, calibration: false });
  const failures = await runSamples(
    dataset.samples,
    2,
    async (sample) => {
      const path = await findPrediction(predictionsDir, sample);
      const [raw, gt] = await Promise.all([readLabelImage(path, 'ids'), dataset.readLabels(sample)]);
      if (raw.channels !== 1) throw new SemsegError('DATASET_INVALID', `Expected a single-channel label PNG of class ids for prediction "${path}" but received ${raw.channels} channels`);
      acc.add({ ...sample, labelPath: sample.labelPath }, gt, { labels: raw.data, width: raw.width, height: raw.height });
    },
    onProgress,
  );
  return assemble(dataset, { predictions: predictionsDir }, acc, failures, started);
}
