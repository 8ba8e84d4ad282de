/** One image job: predict() as `semseg predict` runs it, outputs written atomically under the job's output name. */
import { predict } from '../pipeline/predict.js';
import type { SegmentationModel } from '../models/types.js';
import type { ImageJobData, ImageResult, JobSettings } from './job-data.js';
import { writeOutputFiles } from '../io/output-files.js';

/** The predict() options of a job, as the CLI passes them (batch 1: the JSON says what the CLI's says). */
export function predictOptions(settings: JobSettings, signal?: AbortSignal) {
  return { ...settings, batch: 1, signal };
}

export async function processImage(model: SegmentationModel, data: ImageJobData, signal?: AbortSignal): Promise<ImageResult> {
  const prediction = await predict(model, data.input, { ...predictOptions(data.settings, signal), source: data.source });
  const files = await writeOutputFiles(data.out, data.name, prediction.outputs);
  const { map, stats } = prediction;
  return { source: data.source, files, width: map.width, height: map.height, stats };
}
