/**
 * Sliding-window scores, row by row. Windows follow MMSegmentation's plan (window-plan.ts); one row of windows at a
 * time is read from the source, run (a few windows in flight, so every worker stays busy and batches can form),
 * and blended into a ScoreBand in plan order. Rows above the next window row are final and are handed out; the band never holds
 * more than one window height of rows. With uniform blending the scores are plain averages of the windows' scores
 * (logits for logit models), as in MMSegmentation's slide mode.
 */
import type { SegmentationModel } from '../models/types.js';
import { blendProfile, type BlendMode } from './blend.js';
import { cropImage, type RowSource } from './row-source.js';
import { ScoreBand } from './score-band.js';
import { runScores, type ScoreGrid } from './score-grid.js';
import { checkChannels, scoreChannels, type ScoreRows } from './score-rows.js';
import { planWindows, type Size } from './window-plan.js';

export interface SlideSettings {
  crop: Size;
  stride: Size;
  blend: BlendMode;
  /** Called after every window. */
  onWindow?: () => void;
}

export function slideRows(model: SegmentationModel, source: RowSource, settings: SlideSettings): ScoreRows {
  const { width, height } = source;
  const plan = planWindows(width, height, settings.crop, settings.stride);
  const channels = scoreChannels(model);
  const band = new ScoreBand(channels, width, plan.height);
  const wx = blendProfile(settings.blend, plan.width);
  const wy = blendProfile(settings.blend, plan.height);
  const inFlight = 2 * model.backend.workers;
  let windowRow = 0;
  let ready = 0;
  let y = 0;

  const runWindowRow = async () => {
    const y0 = plan.ys[windowRow++];
    const rows = await source.readRows(y0, y0 + plan.height);
    // Up to `inFlight` windows run at once; their scores are added in plan order, so sums (and results) do not
    // depend on which worker finishes first.
    const running: { x0: number; scores: Promise<ScoreGrid> }[] = [];
    const addNext = async () => {
      const { x0, scores } = running.shift()!;
      const grid = await scores;
      checkChannels(model, grid.channels, channels);
      band.add(grid.scores, x0, y0, plan.width, plan.height, wx, wy);
      settings.onWindow?.();
    };
    for (const x0 of plan.xs) {
      const scores = runScores(model, cropImage(rows, x0, 0, plan.width, plan.height));
      scores.catch(() => undefined); // awaited in turn below; a failure must not go unhandled meanwhile
      running.push({ x0, scores });
      if (running.length >= inFlight) await addNext();
    }
    while (running.length > 0) await addNext();
    ready = windowRow < plan.ys.length ? plan.ys[windowRow] : height;
  };

  return {
    width,
    height,
    channels,
    async next(out) {
      while (y >= ready) await runWindowRow();
      band.take(y++, out);
    },
  };
}
