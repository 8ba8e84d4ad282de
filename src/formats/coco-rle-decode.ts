/**
 * COCO RLE back to run lengths and masks: the inverse of pycocotools' compressed string (maskApi.c rleFrString),
 * with area (rleArea) and box (rleToBbox) from run lengths. Input is checked, not trusted: characters outside
 * '0'..'o', a string ending inside a value, negative or over-32-bit runs, and runs that do not add up to the mask's
 * size are refused (pycocotools would wrap or read past the end). Platform-neutral.
 */
import { expected } from '../core/errors.js';
import { summarizeRuns, type RleBox } from './coco-rle-writer.js';
import type { CocoRle } from './coco-rle.js';

/** Characters one run may take: 35 bits cover any difference of two 32-bit runs. */
const MAX_GROUPS = 7;
const MAX_RUN = 0xffffffff;

/** Run lengths of a compressed string (zeros first, then alternating). */
export function rleCountsFromString(counts: string, parameter = 'counts'): Uint32Array {
  if (typeof counts !== 'string') throw expected('a COCO RLE string', parameter, counts);
  const runs = new Uint32Array(counts.length);
  let m = 0;
  let p = 0;
  while (p < counts.length) {
    let x = 0;
    let scale = 1;
    for (let k = 0; ; k++) {
      const code = p < counts.length ? counts.charCodeAt(p) : -1;
      if (code === -1) throw expected('a string that does not end inside a run', parameter, counts);
      const c = code - 48;
      if (c < 0 || c > 63) throw expected(`characters from '0' to 'o'`, `${parameter}[${p}]`, counts[p]);
      if (k === MAX_GROUPS) throw expected(`runs of at most ${MAX_GROUPS} characters`, `${parameter}[${p}]`, counts.slice(p - k, p + 1));
      x += (c & 0x1f) * scale;
      scale *= 32;
      p++;
      if (!(c & 0x20)) {
        if (c & 0x10) x -= scale;
        break;
      }
    }
    if (m > 2) x += runs[m - 2];
    if (x < 0 || x > MAX_RUN) throw expected('run lengths from 0 to 2^32 - 1', `${parameter} run ${m}`, x);
    runs[m++] = x;
  }
  return runs.slice(0, m);
}

/** Pixels of the mask (the ones runs). */
export function rleArea(runs: ArrayLike<number>): number {
  let area = 0;
  for (let i = 1; i < runs.length; i += 2) area += runs[i];
  return area;
}

/** `[x, y, width, height]` of the set pixels (pycocotools.mask.toBbox); `[0, 0, 0, 0]` for an empty mask. */
export function rleBbox(runs: ArrayLike<number>, height: number): RleBox {
  return summarizeRuns(runs, height).bbox;
}

function runsOf(rle: CocoRle | { size: [number, number]; counts: ArrayLike<number> }): ArrayLike<number> {
  return typeof rle.counts === 'string' ? rleCountsFromString(rle.counts) : rle.counts;
}

/** Checks `size` and that the runs cover it exactly; returns [height, width]. */
function checkSize(size: unknown, runs: ArrayLike<number>): [number, number] {
  const ok = Array.isArray(size) && size.length === 2 && size.every((v) => Number.isSafeInteger(v) && v >= 0);
  if (!ok || size[0] * size[1] > MAX_RUN) throw expected('[height, width] of at most 2^32 - 1 pixels', 'size', size);
  let total = 0;
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i];
    if (!Number.isSafeInteger(run) || run < 0) throw expected('run lengths of 0 or more', `counts run ${i}`, run);
    total += run;
  }
  if (total !== size[0] * size[1]) throw expected(`runs adding up to ${size[0] * size[1]} pixels (height x width)`, 'counts', total);
  return [size[0], size[1]];
}

/**
 * The mask as row-major 0/1 bytes (`height * width`, the layout of a LabelMap), from a compressed string or run
 * lengths. pycocotools.mask.decode gives the same pixels in a Fortran-ordered array.
 */
export function rleToMask(rle: CocoRle | { size: [number, number]; counts: ArrayLike<number> }): Uint8Array {
  const runs = runsOf(rle);
  const [height, width] = checkSize(rle.size, runs);
  const mask = new Uint8Array(height * width);
  let position = 0;
  for (let r = 0; r < runs.length; r++) {
    const end = position + runs[r];
    if (r % 2 === 1) {
      for (let p = position; p < end; p++) {
        const x = Math.floor(p / height);
        mask[(p - x * height) * width + x] = 1;
      }
    }
    position = end;
  }
  return mask;
}
