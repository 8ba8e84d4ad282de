/**
 * Whether an image can feed a model input as the card describes it: sample type against `input.range`, bands
 * against `input.channels` / `input.bands`, and float samples finite and inside the documented range
 * (docs/inputs.md). Checked once per image, before any tensor is built.
 */
import type { RasterImage } from '../core/types.js';
import { expected } from '../core/errors.js';
import type { InputSpec } from '../models/card-schema.js';

/** The sample type of a RasterImage, as docs/inputs.md names it. */
export function sampleType(data: RasterImage['data']): 'uint8' | 'uint16' | 'int16' | 'float32' | undefined {
  if (data instanceof Uint8Array) return 'uint8';
  if (data instanceof Uint16Array) return 'uint16';
  if (data instanceof Int16Array) return 'int16';
  if (data instanceof Float32Array) return 'float32';
  return undefined;
}

const showRange = (range: { min: number; max: number }) => `${range.min}..${range.max}`;

function checkBands(image: RasterImage, spec: InputSpec): void {
  const { channels } = image;
  if (spec.bands) {
    const highest = Math.max(...spec.bands);
    if (highest >= channels) throw expected(`an image with at least ${highest + 1} bands (input.bands [${spec.bands.join(', ')}])`, 'image.channels', channels);
  } else if (spec.channels !== 1 && spec.channels !== 3 && channels !== spec.channels) {
    throw expected(`${spec.channels} bands (input.channels; or input.bands to pick them)`, 'image.channels', channels);
  }
}

/** Index of the first sample that is NaN, infinite or outside [min, max]; -1 when there is none. */
function firstOutside(data: Float32Array, min: number, max: number): number {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    // NaN fails both comparisons, so it is caught by the negation.
    if (!(v >= min && v <= max)) return i;
  }
  return -1;
}

/** Throws INVALID_ARGUMENT naming what the image lacks for this input. */
export function checkInputImage(image: RasterImage, spec: InputSpec): void {
  const type = sampleType(image.data);
  if (!type) throw expected('samples in a Uint8Array, Uint16Array, Int16Array or Float32Array', 'image.data', image.data);
  checkBands(image, spec);
  const { range } = spec;
  if ((type === 'uint16' || type === 'int16') && !range) {
    throw expected('input.range in the model card (the window of 16-bit samples, see docs/inputs.md)', `a ${type} image`, 'a card without input.range');
  }
  if (type === 'uint8' && range && (range.min < 0 || range.max > 255)) {
    throw expected(`samples that can reach input.range ${showRange(range)}`, 'image.data', 'an 8-bit image (0..255); decode the source at its own depth');
  }
  if (type === 'float32') {
    // With a range, finite values outside it are clipped (a window); without one, floats are in 8-bit units.
    const [min, max] = range ? [-Number.MAX_VALUE, Number.MAX_VALUE] : [0, 255];
    const at = firstOutside(image.data as Float32Array, min, max);
    if (at >= 0) {
      const what = range ? 'finite float samples' : 'float samples in 0..255 (8-bit units; set input.range in the card for other ranges)';
      throw expected(what, `image.data[${at}]`, (image.data as Float32Array)[at]);
    }
  }
}
