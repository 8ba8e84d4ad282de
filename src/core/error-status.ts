/**
 * The one table from an error code to what each front end does with it: the HTTP status a server answers with and
 * the exit code of a CLI command that fails on it as a whole (a batch whose items fail exits 1 instead). Documented in
 * docs/errors.md; a test keeps the two in step.
 */
import type { ErrorCode } from './errors.js';

export interface ErrorDisposition {
  /** HTTP status for a request that failed with this code. */
  http: number;
  /** Exit code of a command that stopped on this code. */
  exit: number;
  /** Whether the same request may succeed when sent again later (BUSY, TIMEOUT, a crashed worker). */
  retryable: boolean;
}

export const ERROR_DISPOSITIONS: Readonly<Record<ErrorCode, ErrorDisposition>> = {
  INVALID_ARGUMENT: { http: 400, exit: 2, retryable: false },
  INVALID_MODEL_CARD: { http: 422, exit: 2, retryable: false },
  MODEL_MISMATCH: { http: 422, exit: 2, retryable: false },
  MODEL_NOT_FOUND: { http: 404, exit: 2, retryable: false },
  MODEL_LOAD_FAILED: { http: 422, exit: 2, retryable: false },
  UNSUPPORTED_OPERATOR: { http: 422, exit: 2, retryable: false },
  DECODE_FAILED: { http: 415, exit: 2, retryable: false },
  IMAGE_TOO_LARGE: { http: 413, exit: 2, retryable: false },
  DATASET_INVALID: { http: 422, exit: 2, retryable: false },
  INFERENCE_FAILED: { http: 500, exit: 1, retryable: false },
  WORKER_CRASHED: { http: 503, exit: 1, retryable: true },
  POOL_CLOSED: { http: 503, exit: 3, retryable: true },
  IO_FAILED: { http: 500, exit: 2, retryable: false },
  OUTPUT_FAILED: { http: 500, exit: 2, retryable: false },
  CANCELLED: { http: 499, exit: 130, retryable: true },
  TIMEOUT: { http: 504, exit: 1, retryable: true },
  BUSY: { http: 429, exit: 1, retryable: true },
  UNAUTHORIZED: { http: 401, exit: 2, retryable: false },
  RATE_LIMITED: { http: 429, exit: 1, retryable: true },
  NOT_FOUND: { http: 404, exit: 2, retryable: false },
  BODY_TOO_LARGE: { http: 413, exit: 2, retryable: false },
  BODY_TIMEOUT: { http: 408, exit: 1, retryable: true },
  UNAVAILABLE: { http: 503, exit: 1, retryable: true },
  TOOL_MISSING: { http: 501, exit: 2, retryable: false },
  INTERNAL: { http: 500, exit: 3, retryable: false },
};

export function dispositionOf(code: ErrorCode): ErrorDisposition {
  return ERROR_DISPOSITIONS[code] ?? ERROR_DISPOSITIONS.INTERNAL;
}
