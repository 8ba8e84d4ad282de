/** Public types of video input and output (docs/video.md). */
import type { RasterImage } from '../core/types.js';

export interface FrameSource {
  /** A path or folder name, for messages and output names. */
  readonly name: string;
  /** Frames per second: the video's, or the one given for a frame folder. */
  readonly fps: number;
  /** Frames, one at a time in order: the next is read only once the previous was taken (never all in memory). */
  frames(): AsyncIterable<RasterImage>;
}

/** Flicker: the share of pixels whose label changes between consecutive frames, averaged over the transitions. */
export interface FlickerFigures {
  /** Of the per-frame argmax of the model's own probabilities. */
  raw: number;
  /** Of the labels after temporal smoothing (equal to raw without smoothing). */
  smoothed: number;
  /** Transitions averaged (frames - 1). */
  transitions: number;
}
