/**
 * One error shape for every route: `{ "error": { "code", "message" } }` with the status of the code's disposition
 * (the Open Inference Protocol routes answer `{ "error": "<message>" }`, as that protocol specifies). Errors from
 * Fastify and its plugins (body parsing, schema validation, 404) are turned into the same codes first.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { SemsegError, type ErrorCode } from '../core/errors.js';
import { dispositionOf } from '../core/error-status.js';

/** Seconds a client should wait before retrying a refused request. */
const RETRY_AFTER_SECONDS: Partial<Record<ErrorCode, number>> = { BUSY: 1, UNAVAILABLE: 5, WORKER_CRASHED: 1 };

const BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHORIZED',
  404: 'NOT_FOUND',
  408: 'BODY_TIMEOUT',
  413: 'BODY_TOO_LARGE',
  415: 'DECODE_FAILED',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

/** Any thrown value as a SemsegError; unexpected errors become INTERNAL with a message that reveals nothing. */
export function asServerError(error: unknown): SemsegError {
  if (error instanceof SemsegError) return error;
  const status = (error as Partial<FastifyError> | undefined)?.statusCode;
  const code = status ? BY_STATUS[status] ?? (status < 500 ? 'INVALID_ARGUMENT' : undefined) : undefined;
  if (code) return new SemsegError(code, (error as Error).message, { cause: error });
  return new SemsegError('INTERNAL', 'Internal server error (logged with the request id)', { cause: error });
}

export function isOpenInferenceRoute(url: string): boolean {
  return url === '/v2' || url.startsWith('/v2/');
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: SemsegError): FastifyReply {
  const status = dispositionOf(error.code).http;
  const retryAfter = RETRY_AFTER_SECONDS[error.code];
  if (retryAfter !== undefined && !reply.hasHeader('retry-after')) reply.header('retry-after', String(retryAfter));
  if (error.code === 'UNAUTHORIZED') reply.header('www-authenticate', 'Bearer');
  // The rest of a body that was refused part-way is not worth reading: the connection goes.
  if (error.code === 'BODY_TOO_LARGE' || error.code === 'BODY_TIMEOUT') reply.header('connection', 'close');
  const body = isOpenInferenceRoute(request.url) ? { error: error.message } : { error: { code: error.code, message: error.message } };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}
