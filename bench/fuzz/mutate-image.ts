/** One mutated image file from a seed: byte flips, truncation, whole units removed or doubled, size fields, junk. */
import type { Random } from './random.js';
import type { Seed } from './seeds.js';
import { sizeFields, sizeValues } from './size-fields.js';
import { duplicateEntry, removeEntry, tiffIfd } from './tiff-ifd.js';
import { duplicateUnit, removeUnit, unitsOf } from './units.js';

export const IMAGE_MUTATIONS = ['flip', 'truncate', 'unit-remove', 'unit-duplicate', 'size-field', 'zero-length', 'random'] as const;
export type ImageMutation = (typeof IMAGE_MUTATIONS)[number];

/** How often each mutation is drawn: structure-aware ones most, pure junk least (it is rejected by sniffing). */
const WEIGHTS: Record<ImageMutation, number> = { flip: 30, truncate: 15, 'unit-remove': 15, 'unit-duplicate': 10, 'size-field': 20, 'zero-length': 2, random: 3 };

export interface MutatedImage {
  bytes: Uint8Array;
  mutation: ImageMutation;
  /** What exactly changed, for the reproducer's notes. */
  detail: string;
}

function drawMutation(random: Random): ImageMutation {
  const total = IMAGE_MUTATIONS.reduce((s, m) => s + WEIGHTS[m], 0);
  let r = random.next() * total;
  for (const m of IMAGE_MUTATIONS) if ((r -= WEIGHTS[m]) < 0) return m;
  return 'flip';
}

function flip(seed: Seed, random: Random): MutatedImage {
  const bytes = seed.bytes.slice();
  const count = 1 + random.int(8);
  const at: number[] = [];
  for (let i = 0; i < count; i++) {
    const offset = random.int(bytes.length);
    bytes[offset] ^= 1 + random.int(255);
    at.push(offset);
  }
  return { bytes, mutation: 'flip', detail: `flipped bytes at ${at.join(', ')}` };
}

function truncate(seed: Seed, random: Random): MutatedImage {
  const length = random.int(seed.bytes.length);
  return { bytes: seed.bytes.slice(0, length), mutation: 'truncate', detail: `first ${length} of ${seed.bytes.length} bytes` };
}

function unitChange(seed: Seed, random: Random, remove: boolean): MutatedImage | undefined {
  const mutation = remove ? 'unit-remove' : 'unit-duplicate';
  if (seed.format === 'tiff') {
    const ifd = tiffIfd(seed.bytes);
    if (!ifd || ifd.count < 2) return undefined;
    const index = random.int(ifd.count);
    const bytes = remove ? removeEntry(seed.bytes, ifd, index) : duplicateEntry(seed.bytes, ifd, index);
    return { bytes, mutation, detail: `IFD entry ${index} of ${ifd.count} ${remove ? 'removed' : 'copied over the next'}` };
  }
  const units = unitsOf(seed.format, seed.bytes);
  if (units.length === 0) return undefined;
  const unit = random.pick(units);
  const bytes = remove ? removeUnit(seed.format, seed.bytes, unit) : duplicateUnit(seed.format, seed.bytes, unit);
  return { bytes, mutation, detail: `${unit.kind} at ${unit.start} (${unit.end - unit.start} bytes) ${remove ? 'removed' : 'duplicated'}` };
}

function sizeField(seed: Seed, random: Random): MutatedImage | undefined {
  const fields = sizeFields(seed.format, seed.bytes);
  if (fields.length === 0) return undefined;
  const field = random.pick(fields);
  const value = random.pick(sizeValues(field));
  return { bytes: field.set(seed.bytes, value), mutation: 'size-field', detail: `${field.name} ${field.value} -> ${value}` };
}

export function mutateImage(seed: Seed, random: Random): MutatedImage {
  const mutation = drawMutation(random);
  const made = (() => {
    switch (mutation) {
      case 'flip':
        return flip(seed, random);
      case 'truncate':
        return truncate(seed, random);
      case 'unit-remove':
        return unitChange(seed, random, true);
      case 'unit-duplicate':
        return unitChange(seed, random, false);
      case 'size-field':
        return sizeField(seed, random);
      case 'zero-length':
        return { bytes: new Uint8Array(0), mutation, detail: 'empty file' };
      case 'random': {
        const length = 1 + random.int(4096);
        return { bytes: random.bytes(length), mutation, detail: `${length} random bytes` };
      }
    }
  })();
  return made ?? flip(seed, random);
}
