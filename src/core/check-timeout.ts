import { expected } from './errors.js';

/** A time budget is a positive, finite number of milliseconds (or absent): one check for the pool, segment and predict. */
export function checkTimeoutMs(timeoutMs: number | undefined): void {
  if (timeoutMs !== undefined && !(timeoutMs > 0 && Number.isFinite(timeoutMs))) throw expected('a positive number of milliseconds', 'timeoutMs', timeoutMs);
}
