/**
 * Runs an async job over dataset samples with a few in flight at once; each sample ends as a record or a failure,
 * never as a thrown error, so one bad file cannot stop an evaluation.
 */
import { SemsegError } from '../core/errors.js';
import { mapConcurrent } from '../core/map-concurrent.js';
import type { DatasetSample } from '../datasets/index.js';
import type { ImageFailure } from './types.js';

export async function runSamples(
  samples: DatasetSample[],
  lanes: number,
  job: (sample: DatasetSample) => Promise<void>,
  onDone: (sample: DatasetSample, failure?: ImageFailure) => void,
): Promise<ImageFailure[]> {
  const failures: ImageFailure[] = [];
  await mapConcurrent(samples, lanes, async (sample) => {
    try {
      await job(sample);
      onDone(sample);
    } catch (error) {
      const failure = {
        id: sample.id,
        path: sample.imagePath,
        code: error instanceof SemsegError ? error.code : 'IO_FAILED',
        message: (error as Error).message,
      };
      failures.push(failure);
      onDone(sample, failure);
    }
  });
  return failures;
}
