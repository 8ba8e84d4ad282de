/**
 * Band selection and value scaling given at run time (`--bands 4,3,2`, `--range 0,10000`) instead of in the card: a
 * model whose card input says so. Bands are 1-based as in GDAL; the card's `input.bands` are 0-based.
 */
import { expected } from '../core/errors.js';
import type { SegmentationModel } from './types.js';

export interface InputOverrides {
  /** Source bands (1-based), one per model channel, in model channel order. */
  bands?: number[];
  /** Source values mapped onto 0..255 (clipped) before valueScale, mean and std. */
  range?: { min: number; max: number };
}

/** `4,3,2` -> [4, 3, 2]: positive integers. */
export function parseBands(value: string): number[] {
  const bands = value.split(',').map((s) => Number(s.trim()));
  if (!bands.length || bands.some((b) => !Number.isInteger(b) || b < 1 || b > 64)) throw expected('comma-separated band numbers from 1 (e.g. 4,3,2)', '--bands', value);
  return bands;
}

/** `0,10000` -> { min: 0, max: 10000 }. */
export function parseRange(value: string): { min: number; max: number } {
  const [min, max, ...rest] = value.split(',').map((s) => (s.trim() === '' ? NaN : Number(s.trim())));
  if (rest.length || !Number.isFinite(min) || !Number.isFinite(max) || !(max > min)) throw expected('<min>,<max> with max greater than min (e.g. 0,10000)', '--range', value);
  return { min, max };
}

export function withInputOverrides(model: SegmentationModel, overrides: InputOverrides): SegmentationModel {
  const { bands, range } = overrides;
  if (!bands && !range) return model;
  const input = model.card.input;
  if (bands && bands.length !== input.channels) {
    throw expected(`${input.channels} band numbers (model ${model.card.name} takes ${input.channels} channels)`, '--bands', bands.join(','));
  }
  const card = {
    ...model.card,
    input: { ...input, ...(bands ? { bands: bands.map((b) => b - 1), colorOrder: 'RGB' as const } : {}), ...(range ? { range } : {}) },
  };
  return { ...model, card, dispose: () => model.dispose() };
}
