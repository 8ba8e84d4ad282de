/**
 * Intensity windows: a volume's values -> 0..255 (the 8-bit units that cards like membrane expect).
 *   "<level>/<width>"  e.g. 40/400: lo = level - width/2, hi = level + width/2 (CT Hounsfield units and the like)
 *   "p<a>/p<b>"        e.g. p1/p99: lo, hi = the a-th and b-th percentiles of the volume's finite values
 *   "none"             values are taken as 8-bit units already, clipped to 0..255
 * A value v becomes 255 * clamp((v - lo) / (hi - lo), 0, 1); NaN becomes 0. Default: "none" for unscaled uint8
 * volumes, "p1/p99" for every other volume.
 */
import { expected } from '../core/errors.js';
import type { Volume } from './types.js';

export type WindowSpec = { kind: 'none' } | { kind: 'level'; level: number; width: number } | { kind: 'percentile'; low: number; high: number };

const NUMBER = '(-?\\d+(?:\\.\\d+)?(?:e[-+]?\\d+)?)';
const LEVEL = new RegExp(`^${NUMBER}/${NUMBER}$`, 'i');
const PERCENT = new RegExp(`^p${NUMBER}/p${NUMBER}$`, 'i');
const SYNTAX = 'a window "<level>/<width>" (e.g. 40/400), "p<low>/p<high>" (e.g. p1/p99) or "none"';

export function parseWindow(text: string, parameter = 'window'): WindowSpec {
  const value = text.trim();
  if (value.toLowerCase() === 'none') return { kind: 'none' };
  const level = LEVEL.exec(value);
  if (level) {
    const width = Number(level[2]);
    if (!(width > 0)) throw expected(`${SYNTAX} with a width above 0`, parameter, text);
    return { kind: 'level', level: Number(level[1]), width };
  }
  const percent = PERCENT.exec(value);
  if (percent) {
    const low = Number(percent[1]);
    const high = Number(percent[2]);
    if (!(low >= 0 && low < high && high <= 100)) throw expected(`${SYNTAX} with 0 <= low < high <= 100`, parameter, text);
    return { kind: 'percentile', low, high };
  }
  throw expected(SYNTAX, parameter, text);
}

export function defaultWindow(volume: Volume): WindowSpec {
  return volume.datatype === 'uint8' && !volume.scaled ? { kind: 'none' } : { kind: 'percentile', low: 1, high: 99 };
}

/** Nearest-rank percentiles of the finite values (index round(p/100 * (n - 1)) of the sorted values). */
function percentiles(data: Float32Array, low: number, high: number): [number, number] {
  let n = 0;
  const finite = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) if (Number.isFinite(data[i])) finite[n++] = data[i];
  if (n === 0) return [0, 255];
  const sorted = finite.subarray(0, n).sort();
  const at = (p: number) => sorted[Math.round((p / 100) * (n - 1))];
  return [at(low), at(high)];
}

/** The [lo, hi] interval that maps to 0..255. */
export function windowRange(volume: Volume, spec: WindowSpec): [number, number] {
  if (spec.kind === 'none') return [0, 255];
  if (spec.kind === 'level') return [spec.level - spec.width / 2, spec.level + spec.width / 2];
  return percentiles(volume.data, spec.low, spec.high);
}

/** A window as its canonical text, for the JSON. */
export function windowText(spec: WindowSpec): string {
  if (spec.kind === 'none') return 'none';
  return spec.kind === 'level' ? `${spec.level}/${spec.width}` : `p${spec.low}/p${spec.high}`;
}
