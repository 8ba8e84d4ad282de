/**
 * Evaluation of a model on a dataset, or of predictions made elsewhere against a dataset's ground truth.
 * Both share the accumulator and produce the same report; samples are added in dataset order (see run-samples).
 */
import { performance } from 'node:perf_hooks';
import { SemsegError } from '../core/errors.js';
import type { Dataset, DatasetSample, LabelData } from '../datasets/index.js';
import { readLabelImage } from '../datasets/read-label-image.js';
import { predict } from '../pipeline/predict.js';
import { checkInferenceOptions } from '../inference/options.js';
import type { SegmentationModel } from '../models/types.js';
import { createEvaluationAccumulator, type EvaluationAccumulator } from './accumulator.js';
import { indexPredictions, missingPredictionError } from './predictions.js';
import { runSamples, sampleFailure, type SampleOutcome } from './run-samples.js';
import type { EvaluationOptions, EvaluationReport, ImageFailure, WorstSample } from './types.js';
import type { ImageQuality } from '../monitoring/image-quality.js';

export const REPORT_VERSION = '2';

export interface EvaluationResult {
  report: EvaluationReport;
  worst: WorstSample[];
  /** With the `quality` option: the scored images' quality statistics, in dataset order. */
  quality?: ImageQuality[];
}

/** Called once per sample, in dataset order; a failure is the sample's error (it was not scored). */
export type ProgressCallback = (sample: DatasetSample, failure?: ImageFailure) => void;

interface Scored {
  gt: LabelData;
  pred: LabelData;
  confidence?: Float32Array;
  quality?: ImageQuality;
}

/** Adds each outcome to the accumulator in order; a prediction that does not fit its ground truth fails alone. */
function collect(acc: EvaluationAccumulator, failures: ImageFailure[], onProgress: ProgressCallback, quality?: ImageQuality[]) {
  return ({ sample, result, failure }: SampleOutcome<Scored>) => {
    let error = failure;
    if (result) {
      try {
        acc.add(sample, result.gt, result.pred, result.confidence);
        if (quality && result.quality) quality.push(result.quality);
      } catch (cause) {
        error = sampleFailure(sample, cause);
      }
    }
    if (error) failures.push(error);
    onProgress(sample, error);
  };
}

function assemble(dataset: Dataset, subject: EvaluationReport['subject'], acc: EvaluationAccumulator, failures: ImageFailure[], warnings: string[], started: number): EvaluationResult {
  const partial = acc.finish();
  if (partial.images.length > 0 && partial.profile.pixels === 0) {
    warnings.push(`every ground-truth pixel is ignore/void (${dataset.ignoreIndex}) in the ${partial.images.length} scored image(s): no metric can be computed`);
  }
  const report: EvaluationReport = {
    tool: 'semseg',
    version: REPORT_VERSION,
    subject,
    dataset: { kind: dataset.kind, name: dataset.name, root: dataset.root, split: dataset.split, samples: dataset.samples.length },
    classes: dataset.classes,
    ignoreIndex: dataset.ignoreIndex,
    ...partial,
    failures,
    warnings,
    timing: { createdAt: new Date().toISOString(), seconds: (performance.now() - started) / 1000 },
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
  // Window sizes are checked once for the model, not image by image.
  checkInferenceOptions(model.card, options.inference ?? {});
  const started = performance.now();
  const acc = createEvaluationAccumulator(dataset.classes, dataset.ignoreIndex, options);
  const failures: ImageFailure[] = [];
  const quality = options.quality ? [] : undefined;
  await runSamples(
    dataset.samples,
    model.backend.workers + 2,
    async (sample): Promise<Scored> => {
      // The same pipeline as `semseg predict`, without encoded outputs.
      const predictOptions = { ...options.inference, outputs: [], confidence: options.calibration, quality: options.quality };
      const [prediction, gt] = await Promise.all([predict(model, sample.imagePath, predictOptions), dataset.readLabels(sample)]);
      const { map } = prediction;
      return { gt, pred: map, confidence: options.calibration ? map.confidence : undefined, quality: prediction.quality };
    },
    collect(acc, failures, onProgress, quality),
  );
  // The effective augmentation: the caller's, else the card's default.
  const inference = { ...options.inference, tta: options.inference?.tta ?? model.card.inference.tta };
  const subject = { model: { name: model.card.name, version: model.card.version, path: model.modelPath, inference } };
  const result = assemble(dataset, subject, acc, failures, [], started);
  if (quality) result.quality = quality;
  return result;
}

/**
 * Scores `<dir>/<id>.labels.png` or `<dir>/<id>.png` per sample. Samples without a prediction fail without a line
 * each (one warning sums them up, and they are not passed to onProgress); extra and duplicate files are warnings.
 */
export async function evaluatePredictions(predictionsDir: string, dataset: Dataset, options: EvaluationOptions, onProgress: ProgressCallback = () => undefined): Promise<EvaluationResult> {
  const started = performance.now();
  const index = await indexPredictions(predictionsDir, dataset.samples);
  const acc = createEvaluationAccumulator(dataset.classes, dataset.ignoreIndex, { ...options, calibration: false });
  const failures: ImageFailure[] = [];
  await runSamples(
    dataset.samples.filter((s) => index.paths.has(s.id)),
    2,
    async (sample): Promise<Scored> => {
      const path = index.paths.get(sample.id)!;
      const [raw, gt] = await Promise.all([readLabelImage(path, 'ids', 'prediction file'), dataset.readLabels(sample)]);
      return { gt, pred: { labels: raw.data, width: raw.width, height: raw.height } };
    },
    collect(acc, failures, onProgress),
  );
  failures.push(...index.missing.map((sample) => sampleFailure(sample, missingPredictionError(predictionsDir, sample))));
  const order = new Map(dataset.samples.map((s, i) => [s.id, i]));
  failures.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return assemble(dataset, { predictions: predictionsDir }, acc, failures, index.warnings, started);
}
