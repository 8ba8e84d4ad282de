/**
 * Errors of the v2 routes in the protocol's shape, `{"error": "<message>"}`, with the HTTP status the error code maps
 * to (core/error-status.ts: INVALID_ARGUMENT 400, IMAGE_TOO_LARGE 413, BUSY 503, ...). Errors that are not
 * SemsegErrors are internal: their text is not shown to the client.
 */
import { SemsegError } from '../../core/errors.js';
import { dispositionOf } from '../../core/error-status.js';

export interface V2ErrorResponse {
  status: number;
  body: { error: string };
}

export function v2ErrorResponse(error: unknown): V2ErrorResponse {
  if (error instanceof SemsegError) return { status: dispositionOf(error.code).http, body: { error: error.message } };
  return { status: 500, body: { error: 'Internal error' } };
}
