/**
 * What a video run writes beside its frames: the output video (opened on the first frame, when its size is known),
 * the per-frame statistics CSV (one line per frame as it finishes) and, when asked, per-frame PNGs. Each file is
 * written atomically; abort() removes what was started. Node only.
 */
import { mkdir } from 'node:fs/promises';
import { fileSink } from '../io/file-sink.js';
import { writeFileAtomic } from '../io/file-sink.js';
import type { ByteSink } from '../formats/byte-sink.js';
import { openFrameWriter, type FrameWriter } from './frame-writer.js';
import type { VideoTools } from './ffmpeg-tools.js';

export interface FrameOutputs {
  video(rgb: Uint8Array, width: number, height: number): Promise<void>;
  csv(line: string): Promise<void>;
  /** Writes one per-frame file below the frames folder. */
  frameFile(name: string, bytes: Uint8Array): Promise<void>;
  end(): Promise<void>;
  abort(): Promise<void>;
}

export interface FrameOutputPaths {
  video?: string;
  csv?: string;
  framesFolder?: string;
}

export function openFrameOutputs(paths: FrameOutputPaths, fps: number, tools: VideoTools): FrameOutputs {
  let writer: FrameWriter | undefined;
  const csv: ByteSink | undefined = paths.csv ? fileSink(paths.csv) : undefined;
  let folder: Promise<unknown> | undefined;
  const encoder = new TextEncoder();
  return {
    async video(rgb, width, height) {
      if (!paths.video) return;
      writer ??= openFrameWriter(paths.video, width, height, fps, tools);
      await writer.write(rgb);
    },
    async csv(line) {
      await csv?.write(encoder.encode(line));
    },
    async frameFile(name, bytes) {
      if (!paths.framesFolder) return;
      folder ??= mkdir(paths.framesFolder, { recursive: true });
      await folder;
      await writeFileAtomic(`${paths.framesFolder}/${name}`, bytes);
    },
    async end() {
      await writer?.end();
      await csv?.end();
    },
    async abort() {
      await writer?.abort();
      await csv?.abort();
    },
  };
}
