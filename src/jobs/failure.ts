/**
 * A job's failure as BullMQ stores it (one string, `failedReason`): `<message> [CODE]`, the CLI's error line, so
 * the failed set keeps the SemsegError code and message and `codeOf` reads the code back.
 */
import { firstLine, SemsegError, type ErrorCode } from '../core/errors.js';

export function jobFailure(error: unknown): Error {
  const code: ErrorCode = error instanceof SemsegError ? error.code : 'INTERNAL';
  const message = error instanceof Error ? error.message : String(error);
  const failure = new Error(`${firstLine(message, 500)} [${code}]`, { cause: error });
  failure.name = 'SemsegJobError';
  return failure;
}

export function codeOf(failedReason: string | undefined): string {
  return /\[([A-Z_]+)\]$/.exec(failedReason ?? '')?.[1] ?? 'INTERNAL';
}
