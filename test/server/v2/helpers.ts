/** Request bodies built by hand for the v2 codec tests, and a client's reading of a binary response. */
import assert from 'node:assert/strict';
import { SemsegError } from '../../../src/core/errors.js';

export const utf8 = new TextEncoder();

/** JSON header + binary blobs, the way the binary tensor extension lays a body out. */
export function binaryBody(header: unknown, ...blobs: ArrayLike<number>[]): { body: Uint8Array; headerLength: number } {
  const json = utf8.encode(JSON.stringify(header));
  const total = blobs.reduce((n, b) => n + b.length, json.length);
  const body = new Uint8Array(total);
  body.set(json, 0);
  let offset = json.length;
  for (const blob of blobs) {
    body.set(Array.from(blob), offset);
    offset += blob.length;
  }
  return { body, headerLength: json.length };
}

/** A BYTES tensor's binary form: each element as a 4-byte little-endian length and its bytes. */
export function lengthPrefixed(...elements: number[][]): number[] {
  return elements.flatMap((e) => [e.length & 0xff, (e.length >> 8) & 0xff, (e.length >> 16) & 0xff, e.length >>> 24, ...e]);
}

export function jsonBody(value: unknown): Uint8Array {
  return utf8.encode(JSON.stringify(value));
}

export function assertInvalid(fn: () => unknown, pattern: RegExp, code = 'INVALID_ARGUMENT'): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof SemsegError, `a SemsegError, not ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.match(error.message, pattern);
    return true;
  });
}

export interface ClientOutput {
  name: string;
  datatype: string;
  shape: number[];
  data?: unknown[];
  parameters?: { binary_data_size?: number };
  bytes?: Uint8Array;
}

/** What a client does with a response: the JSON header, then each binary output's bytes by binary_data_size. */
export function readResponse(body: Uint8Array, headers: Record<string, string | undefined>): { header: Record<string, unknown>; outputs: ClientOutput[] } {
  const length = headers['inference-header-content-length'] === undefined ? body.length : Number(headers['inference-header-content-length']);
  const header = JSON.parse(new TextDecoder().decode(body.subarray(0, length))) as Record<string, unknown>;
  let offset = length;
  const outputs = (header.outputs as ClientOutput[]).map((o) => {
    const size = o.parameters?.binary_data_size;
    if (size === undefined) return o;
    const bytes = body.subarray(offset, offset + size);
    offset += size;
    return { ...o, bytes };
  });
  assert.equal(offset, body.length, 'the binary outputs fill the rest of the body');
  return { header, outputs };
}
