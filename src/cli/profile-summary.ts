/** The lines `semseg profile` and `semseg eval --save-profile` print about a recorded quality profile. */
import type { QualityProfile } from '../monitoring/quality-profile.js';

const fixed = (v: number | undefined, digits = 3) => (v === undefined ? '-' : v.toFixed(digits));

export function profileLines(profile: QualityProfile, path: string): string[] {
  const classes = profile.classes
    .map((c, i) => ({ name: c.name, share: profile.classDistribution[i] }))
    .sort((a, b) => b.share - a.share)
    .map((c) => `${c.name} ${(100 * c.share).toFixed(1)} %`);
  const lines = [
    `quality profile of model ${profile.model.name} ${profile.model.version}: ${profile.images} image(s), ${profile.bins} bins -> ${path}`,
    `  mean confidence ${fixed(profile.confidence?.mean)}, low-confidence share ${fixed(profile.lowConfidence?.mean)} (below ${profile.lowConfidenceThreshold}), mean entropy ${fixed(profile.entropy?.mean)}`,
    `  class distribution: ${classes.join(', ')}`,
  ];
  if (profile.images < 200) {
    lines.push(`note: ${profile.images} images give ${profile.bins} bins (10 from 200 images); a few hundred images of the traffic to expect, not the model's training images, make steadier references (docs/monitoring.md)`);
  }
  return lines;
}
