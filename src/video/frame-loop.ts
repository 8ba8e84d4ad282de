/**
 * The per-frame loop that video prediction and background replacement share: each frame's class probabilities,
 * smoothed over time when asked, their argmax, and the flicker of the labels with and without smoothing. One frame
 * is in flight at a time, so memory stays that of one frame whatever the video's length.
 */
import type { RasterImage } from '../core/types.js';
import { SemsegError } from '../core/errors.js';
import type { SegmentationModel } from '../models/types.js';
import { argmaxPlanes, classProbabilities, type ProbabilityPlanes } from '../inference/probabilities.js';
import { ProbabilitySmoother } from './smoothing.js';
import { FlickerMeter } from './flicker.js';
import type { FlickerFigures, FrameSource } from './types.js';

export interface FrameLoopOptions {
  /** Weight of the past in the moving average of probabilities, 0 (none) to below 1. Default 0. */
  smooth?: number;
  /** Stops the loop after the frame in progress (the result covers the frames done). */
  signal?: AbortSignal;
}

export interface FrameResult {
  index: number;
  image: RasterImage;
  /** Probabilities after smoothing (the model's own without it). */
  planes: ProbabilityPlanes;
  labels: Uint8Array | Uint16Array;
  confidence: Float32Array;
  /** Share of pixels whose (smoothed) label changed since the previous frame; null for the first frame. */
  changed: number | null;
  /** The same for the model's own labels, without smoothing. */
  changedRaw: number | null;
}

export interface FrameLoopSummary {
  frames: number;
  width: number;
  height: number;
  flicker: FlickerFigures;
  interrupted: boolean;
}

export function checkSmooth(smooth: number | undefined): void {
  if (smooth !== undefined && !(smooth >= 0 && smooth < 1)) {
    throw new SemsegError('INVALID_ARGUMENT', `Expected a number from 0 to below 1 for smooth but received ${smooth}`);
  }
}

export async function runFrames(model: SegmentationModel, source: FrameSource, options: FrameLoopOptions, onFrame: (frame: FrameResult) => Promise<void>): Promise<FrameLoopSummary> {
  checkSmooth(options.smooth);
  const smoothing = (options.smooth ?? 0) > 0;
  const smoother = new ProbabilitySmoother(options.smooth ?? 0);
  const rawMeter = new FlickerMeter();
  const meter = new FlickerMeter();
  const wide = model.card.classes.length > 256;
  let frames = 0;
  let width = 0;
  let height = 0;
  let interrupted = false;
  for await (const image of source.frames()) {
    if (options.signal?.aborted) {
      interrupted = true;
      break;
    }
    const own = await classProbabilities(model, image);
    const pixels = image.width * image.height;
    const make = () => (wide ? new Uint16Array(pixels) : new Uint8Array(pixels));
    const planes = smoothing ? smoother.next(own) : own;
    const labels = make();
    const confidence = new Float32Array(pixels);
    argmaxPlanes(planes, labels, confidence);
    let rawLabels = labels;
    if (smoothing) {
      rawLabels = make();
      argmaxPlanes(own, rawLabels);
    }
    const changedRaw = rawMeter.add(rawLabels);
    const changed = smoothing ? meter.add(labels) : changedRaw;
    await onFrame({ index: frames, image, planes, labels, confidence, changed, changedRaw });
    frames++;
    width = image.width;
    height = image.height;
  }
  const raw = rawMeter.mean;
  return { frames, width, height, interrupted, flicker: { raw, smoothed: smoothing ? meter.mean : raw, transitions: rawMeter.transitions } };
}
