/**
 * Raw label values -> class ids. Ids go through a lookup table over all 16-bit values; colours through a map from
 * packed colour to id. Values that are neither a class nor void are an error naming the value, the file and how
 * many pixels hold it.
 */
import type { Rgb } from '../core/types.js';
import { SemsegError } from '../core/errors.js';
import type { RawLabelImage } from './read-label-image.js';

/** Raw value -> class id or ignore index; -1 for values the dataset does not define. */
export interface IdLookup {
  table: Int32Array;
  /** What the raw values may be, for error messages: e.g. "class ids 0..10 or 11 (void)". */
  accepts: string;
}

const LOOKUP_SIZE = 65536;

/** A lookup from a function of the raw value; `map` returns undefined for values that are not allowed. */
export function buildIdLookup(map: (value: number) => number | undefined, accepts: string): IdLookup {
  const table = new Int32Array(LOOKUP_SIZE);
  for (let value = 0; value < LOOKUP_SIZE; value++) table[value] = map(value) ?? -1;
  return { table, accepts };
}

/** Raw values are the class ids already: 0..classCount-1 and the ignore index pass, nothing else. */
export function identityLookup(classCount: number, ignoreIndex: number): IdLookup {
  return buildIdLookup(
    (value) => (value < classCount || value === ignoreIndex ? value : undefined),
    `class ids 0..${classCount - 1} or ${ignoreIndex} (ignore)`,
  );
}

export function packRgb(color: Rgb): number {
  return (color[0] << 16) | (color[1] << 8) | color[2];
}

/** Smallest array that holds ids 0..classCount-1 and the ignore index. */
export function allocateLabels(length: number, classCount: number, ignoreIndex: number): Uint8Array | Uint16Array {
  return Math.max(classCount - 1, ignoreIndex) <= 255 ? new Uint8Array(length) : new Uint16Array(length);
}

function describeUnknownValues(raw: Uint8Array | Uint16Array, table: Int32Array): string {
  const counts = new Map<number, number>();
  for (let i = 0; i < raw.length; i++) if (table[raw[i]] < 0) counts.set(raw[i], (counts.get(raw[i]) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  const shown = sorted.slice(0, 3).map(([value, count]) => `value ${value} in ${count} pixel${count === 1 ? '' : 's'}`);
  if (sorted.length > 3) shown.push(`${sorted.length - 3} more values`);
  return shown.join(', ');
}

export function remapIds(raw: RawLabelImage, lookup: IdLookup, output: Uint8Array | Uint16Array, path: string): void {
  const { data } = raw;
  const { table } = lookup;
  let unknown = 0;
  for (let i = 0; i < data.length; i++) {
    const id = table[data[i]];
    if (id < 0) unknown++;
    output[i] = id;
  }
  if (unknown > 0) {
    throw new SemsegError('DATASET_INVALID', `Expected ${lookup.accepts} for ground-truth label file "${path}" but received ${describeUnknownValues(data, table)}`);
  }
}

/** `colors`: packed 0xRRGGBB (see packRgb) -> class id or ignore index. */
export function remapColors(raw: RawLabelImage, colors: Map<number, number>, output: Uint8Array | Uint16Array, path: string): void {
  const { data, width } = raw;
  let lastColor = -1;
  let lastId = 0;
  for (let i = 0, p = 0; i < output.length; i++, p += 3) {
    const color = (data[p] << 16) | (data[p + 1] << 8) | data[p + 2];
    if (color !== lastColor) {
      const id = colors.get(color);
      if (id === undefined) {
        const received = `rgb(${data[p]}, ${data[p + 1]}, ${data[p + 2]}) at pixel x=${i % width}, y=${Math.floor(i / width)}`;
        throw new SemsegError('DATASET_INVALID', `Expected only colours of the class table for ground-truth label file "${path}" but received ${received}`);
      }
      lastColor = color;
      lastId = id;
    }
    output[i] = lastId;
  }
}
