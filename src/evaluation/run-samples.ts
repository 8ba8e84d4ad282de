/**
 * Runs an async job over dataset samples with a few in flight at once and hands each outcome (a result or a failure,
 * never a thrown error, so one bad file cannot stop an evaluation) to `onOutcome` in sample order, whatever order the
 * jobs finish in: sums, the bootstrap and every report then come out the same on every run. At most `2 x lanes`
 * finished results wait for an earlier, slower sample.
 */
import { SemsegError } from '../core/errors.js';
import { mapConcurrent } from '../core/map-concurrent.js';
import type { DatasetSample } from '../datasets/index.js';
import type { ImageFailure } from './types.js';

export type SampleOutcome<T> = { sample: DatasetSample; result: T; failure?: undefined } | { sample: DatasetSample; result?: undefined; failure: ImageFailure };

export function sampleFailure(sample: DatasetSample, error: unknown): ImageFailure {
  return {
    id: sample.id,
    path: sample.imagePath,
    code: error instanceof SemsegError ? error.code : 'IO_FAILED',
    message: (error as Error).message,
  };
}

export async function runSamples<T>(
  samples: readonly DatasetSample[],
  lanes: number,
  job: (sample: DatasetSample) => Promise<T>,
  onOutcome: (outcome: SampleOutcome<T>) => void,
): Promise<void> {
  const window = 2 * Math.max(1, lanes);
  const settled = new Map<number, SampleOutcome<T>>();
  let consumed = 0;
  let waiting: (() => void)[] = [];
  const drain = () => {
    for (let next = settled.get(consumed); next; next = settled.get(consumed)) {
      settled.delete(consumed++);
      onOutcome(next);
    }
    const wake = waiting;
    waiting = [];
    wake.forEach((resume) => resume());
  };
  await mapConcurrent(samples, lanes, async (sample, index) => {
    // The sample at `consumed` is always running, so this wait ends.
    while (index >= consumed + window) await new Promise<void>((resume) => waiting.push(resume));
    let outcome: SampleOutcome<T>;
    try {
      outcome = { sample, result: await job(sample) };
    } catch (error) {
      outcome = { sample, failure: sampleFailure(sample, error) };
    }
    settled.set(index, outcome);
    drain();
  });
}
