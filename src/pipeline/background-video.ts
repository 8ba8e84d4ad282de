/**
 * backgroundVideo(): a frame source -> each frame's foreground matte (from probabilities smoothed over time when
 * asked) -> the frame over its backdrop -> a video, plus the per-frame statistics CSV and flicker figures.
 */
import type { SegmentationModel } from '../models/types.js';
import { runFrames, type FrameLoopOptions, type FrameLoopSummary } from '../video/frame-loop.js';
import { frameStatsHeader, frameStatsLine } from '../video/frame-stats-csv.js';
import { openFrameOutputs, type FrameOutputPaths } from '../video/frame-outputs.js';
import type { VideoTools } from '../video/ffmpeg-tools.js';
import type { FrameSource } from '../video/types.js';
import { createBackdrop } from '../background/backdrop.js';
import { composeFrame } from '../background/replace-background.js';
import { encodePng } from '../formats/encode.js';
import type { BackgroundOptions } from '../background/types.js';
import { confidenceToGrey } from '../formats/render.js';

export interface VideoBackgroundOptions extends FrameLoopOptions, BackgroundOptions {
  paths: FrameOutputPaths;
  tools?: VideoTools;
}

export async function backgroundVideo(model: SegmentationModel, source: FrameSource, options: VideoBackgroundOptions): Promise<FrameLoopSummary> {
  const backdrop = createBackdrop(options.backdrop);
  const outputs = openFrameOutputs(options.paths, source.fps, options.tools ?? {});
  const foreground = new Set(options.foreground);
  const name = (id: number) => model.card.classes.find((c) => c.id === id)?.name ?? String(id);
  try {
    await outputs.csv(frameStatsHeader([[...foreground].map(name).join('+')]));
    const summary = await runFrames(model, source, options, async (frame) => {
      const { image, index } = frame;
      const composed = await composeFrame(image, frame.planes, backdrop, options);
      let inside = 0;
      for (const label of frame.labels) if (foreground.has(label)) inside++;
      const mean = frame.confidence.reduce((a, b) => a + b, 0) / frame.confidence.length;
      await outputs.csv(frameStatsLine({ frame: index, seconds: index / source.fps, changed: frame.changed, changedRaw: frame.changedRaw, meanConfidence: mean, shares: [inside / frame.labels.length] }));
      await outputs.video(composed.rgb, image.width, image.height);
      if (options.paths.framesFolder) await outputs.frameFile(`${String(index).padStart(6, '0')}.matte.png`, await encodePng(confidenceToGrey(composed.matte), image.width, image.height, 1));
    });
    await outputs.end();
    return summary;
  } catch (error) {
    await outputs.abort();
    throw error;
  }
}
