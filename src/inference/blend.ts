/**
 * How overlapping windows are blended. `uniform` gives every window pixel weight 1, so overlaps are plain averages
 * (MMSegmentation's slide mode). `gaussian` and `cosine` weigh a window's centre more than its edges, where a model
 * sees least context, which removes the seams a plain average leaves. Weights are separable: the weight of window
 * pixel (x, y) is profile(x) * profile(y), and every pixel is divided by the sum of the weights that reached it.
 */

export const BLEND_MODES = ['uniform', 'gaussian', 'cosine'] as const;
export type BlendMode = (typeof BLEND_MODES)[number];

/** Gaussian sigma as a fraction of the window side (nnU-Net's choice). */
const GAUSSIAN_SIGMA = 1 / 8;

/**
 * Weights along one window side `length` pixels long, largest at the centre. Every weight is positive, so a pixel
 * that only one window covers (an image border) keeps that window's scores exactly.
 */
export function blendProfile(mode: BlendMode, length: number): Float32Array {
  const profile = new Float32Array(length).fill(1);
  if (mode === 'uniform') return profile;
  const centre = (length - 1) / 2;
  const sigma = GAUSSIAN_SIGMA * length;
  for (let i = 0; i < length; i++) {
    if (mode === 'gaussian') {
      const d = (i - centre) / sigma;
      profile[i] = Math.exp(-0.5 * d * d);
    } else {
      // sin^2 over pixel centres: a Hann window that never reaches 0 on a pixel
      const s = Math.sin((Math.PI * (i + 0.5)) / length);
      profile[i] = s * s;
    }
  }
  return profile;
}
