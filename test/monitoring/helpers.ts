/** Synthetic per-image quality statistics for the monitoring tests: seeded, with a knob to shift them. */
import type { ClassInfo } from '../../src/core/types.js';
import type { ImageQuality } from '../../src/monitoring/image-quality.js';

export const CLASSES: ClassInfo[] = ['road', 'sky', 'car'].map((name, id) => ({ id, name, color: [id, id, id] }));
export const MODEL = { name: 'synthetic', version: '1', classes: CLASSES };

export function seeded(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

export interface Shift {
  /** Added to the mean confidence (and mirrored in the low-confidence share and entropy). */
  confidence?: number;
  /** Weight of the last class ('car') before normalising; 1 by default. */
  car?: number;
}

/** One image's statistics: shares around (0.5, 0.3, 0.2), confidence around 0.9. */
export function syntheticQuality(random: () => number, shift: Shift = {}): ImageQuality {
  const raw = [0.5 + 0.2 * random(), 0.3 + 0.2 * random(), (0.2 + 0.2 * random()) * (shift.car ?? 1)];
  const sum = raw.reduce((a, b) => a + b, 0);
  const meanConfidence = Math.min(1, 0.85 + 0.1 * random() + (shift.confidence ?? 0));
  return {
    pixels: 100,
    classShare: raw.map((v) => v / sum),
    meanConfidence,
    lowConfidenceShare: Math.max(0, (1 - meanConfidence) / 2 + 0.01 * random()),
    lowConfidenceThreshold: 0.5,
    meanEntropy: Math.max(0, (1 - meanConfidence) * 0.8 + 0.02 * random()),
  };
}

export function syntheticStream(count: number, seed: number, shift: Shift = {}): ImageQuality[] {
  const random = seeded(seed);
  return Array.from({ length: count }, () => syntheticQuality(random, shift));
}
