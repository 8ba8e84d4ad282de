/**
 * API keys: `Authorization: Bearer <key>` or `x-api-key: <key>`. Keys are compared as SHA-256 digests with
 * timingSafeEqual against every configured key (no early exit), so timing tells nothing about a key. A request
 * is known afterwards by the key's index, never by the key itself (logs, rate limits).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { SemsegError } from '../core/errors.js';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export interface KeyChecker {
  readonly enabled: boolean;
  /** The index of the matching key (e.g. "key-2"), or undefined. */
  identify(presented: string | undefined): string | undefined;
}

export function createKeyChecker(keys: readonly string[]): KeyChecker {
  const digests = keys.map(digest);
  return {
    enabled: digests.length > 0,
    identify(presented) {
      if (presented === undefined) return undefined;
      const candidate = digest(presented);
      let found = -1;
      digests.forEach((known, index) => {
        if (timingSafeEqual(known, candidate) && found < 0) found = index;
      });
      return found < 0 ? undefined : `key-${found + 1}`;
    },
  };
}

/** The key a request presents, from either header. */
export function presentedKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1];
  }
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.length ? apiKey.trim() : undefined;
}

export function unauthorized(presented: string | undefined): SemsegError {
  return new SemsegError(
    'UNAUTHORIZED',
    presented === undefined
      ? 'Expected an API key in "Authorization: Bearer <key>" or "x-api-key" but received none'
      : 'Expected a valid API key but received one that matches no configured key',
  );
}

/** Keys from a file: one per line; blank lines and lines starting with # are skipped. */
export async function readKeyFile(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new SemsegError('IO_FAILED', `Expected a readable API key file for --api-key-file but received ${path} (${error.code ?? error.message})`);
  });
  return keysFromText(text);
}

export function keysFromText(text: string): string[] {
  return text
    .split(/[\r\n,]+/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
}
