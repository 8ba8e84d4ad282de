/**
 * `semseg predict clip.mp4` (and, with --sequence, frame folders): per clip an overlay video, a per-frame statistics
 * CSV and with --frames per-frame label PNGs; flicker before and after --smooth in the summary.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../io/file-sink.js';
import { SemsegError } from '../core/errors.js';
import type { SegmentationModel } from '../models/types.js';
import { predictVideo } from '../pipeline/predict-video.js';
import { checkTool } from '../video/ffmpeg-tools.js';
import type { FlickerFigures } from '../video/types.js';
import type { SequenceItem } from './sequence-inputs.js';
import { printablePath } from './output-names.js';
import type { CliIo } from './io.js';

export interface VideoFlags {
  out: string;
  smooth?: number;
  frames?: boolean;
  overlay: boolean;
  opacity: number;
  transparent?: number[];
}

export interface SequenceResult {
  input: string;
  ok: boolean;
  files?: string[];
  frames?: number;
  smooth?: number;
  flicker?: FlickerFigures;
  error?: string;
  code?: string;
}

export function flickerLine(input: string, frames: number, flicker: FlickerFigures, smooth: number | undefined): string {
  const percent = (v: number) => `${(v * 100).toFixed(2)} %`;
  const after = smooth ? `, ${percent(flicker.smoothed)} with --smooth ${smooth}` : '';
  return `${printablePath(input)}: ${frames} frame(s), flicker ${percent(flicker.raw)} of pixels change label per frame${after}`;
}

/** Runs every clip; a clip that fails gets its error line and the others go on. Returns the results. */
export async function predictSequences(model: SegmentationModel, sequences: readonly SequenceItem[], flags: VideoFlags, io: CliIo): Promise<SequenceResult[]> {
  await checkTool('ffmpeg');
  const results: SequenceResult[] = [];
  for (const item of sequences) {
    if (io.interrupt?.aborted) break;
    const paths = {
      video: flags.overlay ? join(flags.out, `${item.stem}.overlay.mp4`) : undefined,
      csv: join(flags.out, `${item.stem}.frames.csv`),
      framesFolder: flags.frames ? join(flags.out, `${item.stem}.frames`) : undefined,
    };
    try {
      const source = await item.open();
      const summary = await predictVideo(model, source, { paths, smooth: flags.smooth, opacity: flags.opacity, transparent: flags.transparent, signal: io.interrupt });
      const files = [paths.video, paths.csv, paths.framesFolder].filter((p): p is string => p !== undefined);
      results.push({ input: item.input, ok: true, files, frames: summary.frames, smooth: flags.smooth, flicker: summary.flicker });
      io.stdout.write(`${flickerLine(item.input, summary.frames, summary.flicker, flags.smooth)}\n`);
    } catch (error) {
      if (!(error instanceof SemsegError) || error.code === 'TOOL_MISSING') throw error;
      io.stderr.write(`error: ${printablePath(item.input)}: ${error.message} [${error.code}]\n`);
      results.push({ input: item.input, ok: false, error: error.message, code: error.code });
    }
  }
  await writeFileAtomic(join(flags.out, 'summary.json'), `${JSON.stringify({ model: { name: model.card.name, version: model.card.version }, clips: sequences.length, failed: results.filter((r) => !r.ok).length, results }, null, 2)}\n`);
  return results;
}
