/**
 * The image bytes of a request: the raw body, or the one file of a multipart/form-data body. Its Content-Type is
 * never trusted: the decoder sniffs the bytes (415 when they are no image it can read).
 */
import type { FastifyRequest } from 'fastify';
import { SemsegError } from '../core/errors.js';
import { tooLarge, tooSlow } from './raw-body.js';

function emptyBody(): SemsegError {
  return new SemsegError('INVALID_ARGUMENT', 'Expected an image in the request body (raw bytes or one multipart file) but received 0 bytes');
}

async function multipartFile(request: FastifyRequest, maxBytes: number): Promise<Buffer> {
  let file;
  try {
    file = await request.file();
  } catch (error) {
    throw malformed(error);
  }
  if (!file) throw new SemsegError('INVALID_ARGUMENT', 'Expected one file part in the multipart/form-data body but received none');
  try {
    const bytes = await file.toBuffer();
    if (file.file.truncated) throw tooLarge(maxBytes, 'a larger file part');
    return bytes;
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes, 'a larger file part');
    throw malformed(error);
  }
}

function malformed(error: unknown): SemsegError {
  if (error instanceof SemsegError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new SemsegError('INVALID_ARGUMENT', `Expected a well-formed multipart/form-data body with one image file but received one that failed to parse (${reason})`, { cause: error });
}

/** Reads the image of a request, the multipart upload bounded by the same body deadline as a raw one. */
export async function imageBytes(request: FastifyRequest, limits: { maxBytes: number; timeoutMs: number }): Promise<Buffer> {
  let bytes: Buffer;
  if (request.isMultipart()) {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(tooSlow(limits.timeoutMs)), limits.timeoutMs);
    });
    try {
      bytes = await Promise.race([multipartFile(request, limits.maxBytes), deadline]);
    } finally {
      clearTimeout(timer);
    }
  } else {
    bytes = request.body instanceof Buffer ? request.body : Buffer.alloc(0);
  }
  if (bytes.length === 0) throw emptyBody();
  return bytes;
}
