/**
 * Model-input buffers, reused once a worker hands them back. A fresh multi-megabyte buffer per image costs page
 * faults on first write and garbage-collection work afterwards; reusing a few avoids both. The buffers kept are
 * capped in bytes in total (oldest evicted first), so a long-running process that saw many image sizes holds no
 * more than the cap. A taken buffer holds old data and must be overwritten whole.
 */
import { expected } from './errors.js';

const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
let maxBytes = DEFAULT_MAX_BYTES;
/** Oldest first. Short: at most maxBytes / buffer size entries, so a linear search is cheap next to filling one. */
const free: ArrayBuffer[] = [];
let heldBytes = 0;

/** A Float32Array of `length` elements, recycled when one is free (contents undefined) or new (zeros). */
export function takeFloat32(length: number): Float32Array<ArrayBuffer> {
  const bytes = length * 4;
  for (let i = free.length - 1; i >= 0; i--) {
    if (free[i].byteLength !== bytes) continue;
    const [buffer] = free.splice(i, 1);
    heldBytes -= bytes;
    return new Float32Array(buffer);
  }
  return new Float32Array(length);
}

/** Hands a buffer back for reuse; the caller must hold no view on it any more. */
export function recycle(buffer: ArrayBuffer): void {
  if (buffer.byteLength === 0 || buffer.byteLength > maxBytes) return;
  free.push(buffer);
  heldBytes += buffer.byteLength;
  while (heldBytes > maxBytes) heldBytes -= free.shift()!.byteLength;
}

/** Bytes held for reuse now. */
export function recycledBytes(): number {
  return heldBytes;
}

/** Sets the cap on bytes held (default 256 MiB); 0 turns recycling off. Evicts the oldest buffers beyond it. */
export function setRecyclerLimit(bytes: number): void {
  if (!Number.isInteger(bytes) || bytes < 0) throw expected('a non-negative integer', 'recycler limit (bytes)', bytes);
  maxBytes = bytes;
  while (heldBytes > maxBytes) heldBytes -= free.shift()!.byteLength;
}
