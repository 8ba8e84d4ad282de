/**
 * When `--capture` stores a request: a rule over the image's quality figures, e.g. `lowConfidenceShare>0.3`,
 * `meanConfidence<0.6`, `meanEntropy>=0.4`, `share:person>0.5`, several joined by commas (any one matches), or
 * `always`. Parsed once at start-up; a figure the model cannot give (no confidence) never matches.
 */
import { expected } from '../core/errors.js';
import type { ClassInfo } from '../core/types.js';
import type { ImageQuality } from '../monitoring/image-quality.js';

export type CaptureRule = (quality: ImageQuality) => boolean;

const FIGURES = ['meanConfidence', 'lowConfidenceShare', 'meanEntropy'] as const;
const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
};
const CLAUSE = /^\s*(meanConfidence|lowConfidenceShare|meanEntropy|share:([^<>=]+?))\s*(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$/;

export function parseCaptureRule(text: string, classes: readonly ClassInfo[]): CaptureRule {
  if (text.trim() === 'always') return () => true;
  const clauses = text.split(',').map((clause) => {
    const match = CLAUSE.exec(clause);
    if (!match) throw expected(`"always" or clauses like ${FIGURES.map((f) => `${f}>0.3`).join(', ')} or share:<class>>0.5, comma-separated`, 'capture rule', clause.trim());
    const [, figure, className, op, value] = match;
    const threshold = Number(value);
    const compare = COMPARE[op];
    if (className !== undefined) {
      const index = classes.findIndex((c) => c.name.toLowerCase() === className.trim().toLowerCase());
      if (index < 0) throw expected(`a class of the model (${classes.map((c) => c.name).join(', ')})`, 'capture rule', className.trim());
      return (q: ImageQuality) => compare(q.classShare[index], threshold);
    }
    const key = figure as (typeof FIGURES)[number];
    return (q: ImageQuality) => q[key] !== null && compare(q[key], threshold);
  });
  return (quality) => clauses.some((matches) => matches(quality));
}
