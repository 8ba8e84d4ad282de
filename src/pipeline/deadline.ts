/**
 * One AbortSignal for a piece of work that a caller's signal cancels (CANCELLED) and a timer ends (TIMEOUT). An
 * error raised while the work was being stopped is replaced by the reason it was stopped.
 */
import { SemsegError } from '../core/errors.js';

export interface Deadline {
  readonly signal: AbortSignal;
  /** Milliseconds left, or undefined without a timeout. */
  remaining(): number | undefined;
  /** Throws the stop reason when the work was stopped. */
  check(): void;
  /** The error to report: the stop reason when stopped, else the error itself. */
  explain(error: unknown): unknown;
  close(): void;
}

export function openDeadline(signal: AbortSignal | undefined, timeoutMs: number | undefined): Deadline {
  const controller = new AbortController();
  const ends = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
  const cancel = () => controller.abort(new SemsegError('CANCELLED', 'Expected the prediction to run to the end but it was cancelled'));
  if (signal?.aborted) cancel();
  else signal?.addEventListener('abort', cancel, { once: true });
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => controller.abort(new SemsegError('TIMEOUT', `Expected the prediction to finish within ${timeoutMs} ms but it took longer`)), timeoutMs);
  timer?.unref?.();
  return {
    signal: controller.signal,
    remaining: () => (ends === undefined ? undefined : Math.max(1, ends - Date.now())),
    check() {
      if (controller.signal.aborted) throw controller.signal.reason;
    },
    explain: (error) => (controller.signal.aborted ? controller.signal.reason : error),
    close() {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
    },
  };
}
