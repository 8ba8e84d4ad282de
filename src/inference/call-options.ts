/**
 * The caller's AbortSignal and time budget, carried into every backend call of one segment() (whole image, each
 * window, each augmentation). `timeoutMs` bounds the whole call: each run gets what is left of it.
 */
import { SemsegError } from '../core/errors.js';
import { checkTimeoutMs } from '../core/check-timeout.js';
import type { SegmentationModel } from '../models/types.js';
import type { CallOptions, InferenceBackend } from '../runtime/types.js';

export type { CallOptions };

/** Throws `CANCELLED` / `TIMEOUT` when the call must stop; the options for the next backend run otherwise. */
export type CallGuard = () => CallOptions;

export function callGuard(options: CallOptions): CallGuard {
  const { signal, timeoutMs } = options;
  checkTimeoutMs(timeoutMs);
  const deadline = timeoutMs === undefined ? undefined : performance.now() + timeoutMs;
  return () => {
    if (signal?.aborted) throw new SemsegError('CANCELLED', 'Expected the segmentation to run to the end but its signal was aborted');
    if (deadline === undefined) return { signal };
    const left = deadline - performance.now();
    if (left <= 0) throw new SemsegError('TIMEOUT', `Expected the segmentation to finish within ${timeoutMs} ms but it did not`);
    return { signal, timeoutMs: left };
  };
}

/** The model whose backend checks the guard before every run and passes its options on (unchanged without any). */
export function guardedModel(model: SegmentationModel, options: CallOptions): SegmentationModel {
  if (options.signal === undefined && options.timeoutMs === undefined) return model;
  const guard = callGuard(options);
  const inner = model.backend;
  const backend: InferenceBackend = {
    metadata: inner.metadata,
    workers: inner.workers,
    run: (feeds, outputNames) => inner.run(feeds, outputNames, guard()),
    runArgmax: inner.runArgmax && ((feeds, request) => inner.runArgmax!(feeds, request, guard())),
    dispose: () => inner.dispose(),
  };
  return { ...model, backend };
}
