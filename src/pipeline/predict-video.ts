/**
 * predictVideo(): a frame source (video file or frame folder) -> per-frame labels, smoothed over time when asked ->
 * an overlay video, a per-frame statistics CSV and optional per-frame label PNGs, plus flicker with and without
 * smoothing. One frame in flight at a time.
 */
import type { LabelMap } from '../core/types.js';
import type { SegmentationModel } from '../models/types.js';
import { classStats } from '../formats/render.js';
import { overlayClasses } from '../formats/render.js';
import { toDisplayImage } from '../formats/display.js';
import { encodeLabelPng } from '../formats/encode.js';
import { runFrames, type FrameLoopOptions, type FrameLoopSummary } from '../video/frame-loop.js';
import { frameStatsHeader, frameStatsLine } from '../video/frame-stats-csv.js';
import { openFrameOutputs, type FrameOutputPaths } from '../video/frame-outputs.js';
import type { VideoTools } from '../video/ffmpeg-tools.js';
import type { FrameSource } from '../video/types.js';

export interface VideoPredictOptions extends FrameLoopOptions {
  /** Where to write: the overlay video, the statistics CSV, a folder for per-frame label PNGs; each optional. */
  paths: FrameOutputPaths;
  /** Colour opacity of the overlay, 0..1. Default 0.5. */
  opacity?: number;
  /** Class ids left unpainted in the overlay. */
  transparent?: readonly number[];
  tools?: VideoTools;
}

export async function predictVideo(model: SegmentationModel, source: FrameSource, options: VideoPredictOptions): Promise<FrameLoopSummary> {
  const { classes } = model.card;
  const outputs = openFrameOutputs(options.paths, source.fps, options.tools ?? {});
  const transparent = new Set(options.transparent ?? []);
  try {
    await outputs.csv(frameStatsHeader(classes.map((c) => c.name)));
    const summary = await runFrames(model, source, options, async (frame) => {
      const { image, labels, confidence, index } = frame;
      const map: LabelMap = { labels, confidence, width: image.width, height: image.height, classes };
      const stats = classStats(map);
      const mean = confidence.reduce((a, b) => a + b, 0) / confidence.length;
      await outputs.csv(frameStatsLine({ frame: index, seconds: index / source.fps, changed: frame.changed, changedRaw: frame.changedRaw, meanConfidence: mean, shares: stats.map((s) => s.share) }));
      if (options.paths.video) await outputs.video(overlayClasses(toDisplayImage(image), map, options.opacity ?? 0.5, transparent), image.width, image.height);
      if (options.paths.framesFolder) await outputs.frameFile(`${String(index).padStart(6, '0')}.labels.png`, encodeLabelPng(map));
    });
    await outputs.end();
    return summary;
  } catch (error) {
    await outputs.abort();
    throw error;
  }
}
