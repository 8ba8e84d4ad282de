/** Public types of background replacement (docs/ar.md). */

/** What goes behind the foreground: the photo blurred, another image (scaled to cover the frame) or one colour. */
export type BackdropSpec =
  | { kind: 'blur'; /** Gaussian sigma in pixels. */ radius: number }
  | { kind: 'image'; /** Path or encoded bytes of the replacement image. */ source: string | Uint8Array }
  | { kind: 'color'; rgb: [number, number, number] };

/** Matte refinement after the model's soft probabilities: none, or the guided filter that follows the photo's edges. */
export const MATTE_REFINEMENTS = ['none', 'guided'] as const;
export type MatteRefinement = (typeof MATTE_REFINEMENTS)[number];

export interface MatteOptions {
  /** Class ids whose summed probability is the foreground's alpha. */
  foreground: readonly number[];
  /** Feathering radius in pixels (0: the model's probabilities as they are). Default 2. */
  feather?: number;
  /** Default 'none'. */
  refine?: MatteRefinement;
  /** Guided filter window radius in pixels. Default 8. */
  guidedRadius?: number;
  /** Guided filter regularisation (guide on a 0..1 scale). Default 1e-3. */
  guidedEpsilon?: number;
}

export interface BackgroundOptions extends MatteOptions {
  backdrop: BackdropSpec;
}

/** One frame or image with its background replaced. */
export interface BackgroundResult {
  /** RGB bytes, width x height x 3. */
  rgb: Uint8Array;
  /** Foreground alpha 0..1 per pixel after feathering/refinement. */
  matte: Float32Array;
  width: number;
  height: number;
}
