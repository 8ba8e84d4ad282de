/**
 * Downloads a URL to a file. A file left by an interrupted download is resumed with an HTTP Range request when the
 * server honours it (206), and started over when it does not (200). Failures are IO_FAILED errors that say which
 * kind: the network, an HTTP status, or the connection dropping mid-way.
 */
import { createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { SemsegError } from '../../core/errors.js';

export interface FetchProgress {
  /** Bytes on disk so far, a resumed part included. */
  done: number;
  /** Size of the whole file when the server says it; undefined otherwise. */
  total?: number;
}

function failed(url: string, received: string, cause?: unknown): SemsegError {
  return new SemsegError('IO_FAILED', `Expected a downloadable archive at --url ${url} but received ${received}`, { cause });
}

/** The cause under fetch's generic "fetch failed", e.g. "ECONNREFUSED 127.0.0.1:9". */
function networkCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

export async function fetchToFile(url: string, path: string, onProgress: (p: FetchProgress) => void = () => undefined, signal?: AbortSignal): Promise<void> {
  const have = (await stat(path).catch(() => undefined))?.size ?? 0;
  let response: Response;
  try {
    response = await fetch(url, { headers: have > 0 ? { range: `bytes=${have}-` } : {}, redirect: 'follow', signal });
  } catch (error) {
    throw failed(url, `a network failure (${networkCause(error)})`, error);
  }
  if (response.status === 416 && have > 0) {
    // The part on disk is not a prefix the server can continue (a changed file, or complete): start over.
    await response.body?.cancel();
    await rm(path, { force: true });
    return fetchToFile(url, path, onProgress, signal);
  }
  const resumed = response.status === 206;
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw failed(url, `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  }
  const start = resumed ? have : 0;
  const length = Number(response.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? start + length : undefined;
  let done = start;
  onProgress({ done, total });
  const count = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      done += chunk.length;
      onProgress({ done, total });
      callback(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), count, createWriteStream(path, { flags: resumed ? 'a' : 'w' }));
  } catch (error) {
    throw failed(url, `a connection that broke after ${done} bytes (${networkCause(error)}); run the command again to resume`, error);
  }
  if (total !== undefined && done !== total) throw failed(url, `${done} of ${total} bytes; run the command again to resume`);
}
