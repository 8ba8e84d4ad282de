/**
 * Reads a request body into one buffer with two limits checked while it arrives: its size (a declared
 * Content-Length above the limit is refused before a byte is read) and the time the whole body may take, so a
 * client trickling bytes cannot hold a slot. Installed as the content-type parser of the routes that take images.
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { SemsegError } from '../core/errors.js';

export interface BodyLimits {
  maxBytes: number;
  timeoutMs: number;
}

export function tooLarge(maxBytes: number, received: string): SemsegError {
  return new SemsegError('BODY_TOO_LARGE', `Expected a request body of at most ${maxBytes} bytes (--max-body-bytes) but received ${received}`);
}

export function tooSlow(timeoutMs: number): SemsegError {
  return new SemsegError('BODY_TIMEOUT', `Expected the whole request body within ${timeoutMs} ms (--body-timeout-ms) but it was still arriving`);
}

export function readRawBody(request: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (declared > limits.maxBytes) return Promise.reject(tooLarge(limits.maxBytes, `a Content-Length of ${declared}`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error: Error | undefined, body?: Buffer) => {
      clearTimeout(timer);
      request.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onAborted);
      if (error) {
        request.pause();
        reject(error);
      } else resolve(body!);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) finish(tooLarge(limits.maxBytes, `more than that`));
      else chunks.push(chunk);
    };
    const onEnd = () => finish(undefined, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    const onError = (error: Error) => finish(new SemsegError('CANCELLED', `Expected a complete request body but the upload failed (${error.message})`));
    const onAborted = () => finish(new SemsegError('CANCELLED', 'Expected a complete request body but the client went away'));
    const timer = setTimeout(() => finish(tooSlow(limits.timeoutMs)), limits.timeoutMs);
    request.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onAborted);
  });
}

/** Every body of this plugin's routes arrives as one raw Buffer, whatever its Content-Type says. */
export function acceptRawBodies(app: FastifyInstance, limits: BodyLimits): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (request, _payload, done) => {
    readRawBody(request.raw, limits).then((body) => done(null, body), (error: Error) => done(error));
  });
}
