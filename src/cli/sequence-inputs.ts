/**
 * Inputs that are frame sequences: video files (by extension), and with --sequence each folder argument as the
 * numbered frames of one clip. Each becomes an item with an output stem; opening reads nothing but the header.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { DecodeOptions } from '../io/decode.js';
import { openVideo } from '../video/frame-reader.js';
import { openFrameFolder } from '../video/frame-folder.js';
import { isVideoPath } from '../video/video-file.js';
import type { VideoTools } from '../video/ffmpeg-tools.js';
import type { FrameSource } from '../video/types.js';
import { expandInputs, type ExpandedInputs } from './expand-inputs.js';
import { safeStem } from './output-names.js';

export interface SequenceItem {
  /** The input as given, for messages. */
  input: string;
  /** Output stem inside the output folder. */
  stem: string;
  open(): Promise<FrameSource>;
}

export interface SequenceOptions {
  /** Folders are frame sequences. */
  sequence: boolean;
  /** Frames per second of frame folders. */
  fps: number;
  decode: DecodeOptions;
  tools: VideoTools;
}

/** The sequences among `inputs` and the image files left over (those that are neither videos nor in a sequence folder). */
export async function sequenceInputs(inputs: string[], expanded: ExpandedInputs, options: SequenceOptions): Promise<{ sequences: SequenceItem[]; images: ExpandedInputs['files'] }> {
  const sequences: SequenceItem[] = [];
  const used = new Set<string>();
  const stemOf = (path: string) => {
    const base = safeStem(basename(path).replace(/\.[^.]+$/, '') || 'clip');
    let stem = base;
    for (let i = 2; used.has(stem.toLowerCase()); i++) stem = `${base}-${i}`;
    used.add(stem.toLowerCase());
    return stem;
  };
  const inFolders = new Set<string>();
  if (options.sequence) {
    for (const input of inputs) {
      if (!(await stat(input).catch(() => undefined))?.isDirectory()) continue;
      const frames = (await expandInputs([input])).files.map((f) => f.path);
      frames.forEach((f) => inFolders.add(f));
      if (frames.length) sequences.push({ input, stem: stemOf(input), open: async () => openFrameFolder(input, frames, options.fps, options.decode) });
    }
  }
  for (const file of expanded.files) {
    if (isVideoPath(file.path)) sequences.push({ input: file.path, stem: stemOf(file.path), open: () => openVideo(file.path, options.tools) });
  }
  const images = expanded.files.filter((f) => !isVideoPath(f.path) && !inFolders.has(f.path));
  return { sequences, images };
}
