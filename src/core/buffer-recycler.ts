/**
 * Model-input buffers, reused once a worker hands them back. A fresh multi-megabyte buffer per image costs page
 * faults on first write and garbage-collection work afterwards; reusing a few avoids both. Buffers are keyed by
 * size; a taken buffer holds old data and must be overwritten whole.
 */
const KEEP_PER_SIZE = 8;
const free = new Map<number, ArrayBuffer[]>();

/** A Float32Array of `length` elements, recycled when one is free (contents undefined) or new (zeros). */
export function takeFloat32(length: number): Float32Array<ArrayBuffer> {
  const buffer = free.get(length * 4)?.pop();
  return buffer ? new Float32Array(buffer) : new Float32Array(length);
}

/** Hands a buffer back for reuse; the caller must hold no view on it any more. */
export function recycle(buffer: ArrayBuffer): void {
  if (buffer.byteLength === 0) return;
  const list = free.get(buffer.byteLength) ?? [];
  if (list.length < KEEP_PER_SIZE) list.push(buffer);
  free.set(buffer.byteLength, list);
}
