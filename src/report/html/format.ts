/** Text helpers shared by the HTML report: escaping, and scores as percentages with '-' for undefined ones. */
import type { Rgb } from '../../core/types.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** A fraction as a percentage ("83.41"); NaN, infinities and missing values as '-'. */
export function pct(value: number | undefined, digits = 2): string {
  return value === undefined || !Number.isFinite(value) ? '-' : (100 * value).toFixed(digits);
}

/** An integer with thin-space thousands separators. */
export function int(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009') : '-';
}

export function rgb([r, g, b]: Rgb): string {
  return `rgb(${r},${g},${b})`;
}

/** A small square in a class colour, for labels next to class names. */
export function swatch(color: Rgb): string {
  return `<i class="sw" style="background:${rgb(color)}"></i>`;
}
