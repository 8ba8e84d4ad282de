/**
 * Frames -> a video file through ffmpeg: RGB frames on a rawvideo pipe, H.264 out (yuv420p, which players expect,
 * when both sides are even; yuv444p otherwise, so the size stays exact). Writes wait for the pipe to drain
 * (backpressure); the file appears at its name only when ffmpeg finished (a temporary name until then). Node only.
 */
import { once } from 'node:events';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SemsegError } from '../core/errors.js';
import { TEMPORARY_PREFIX } from '../io/file-sink.js';
import { startTool, type VideoTools } from './ffmpeg-tools.js';

export interface FrameWriter {
  write(rgb: Uint8Array): Promise<void>;
  /** Finishes the file; resolves once it is at its final path. */
  end(): Promise<void>;
  /** Stops ffmpeg and removes the partial file. */
  abort(): Promise<void>;
}

export function openFrameWriter(path: string, width: number, height: number, fps: number, tools: VideoTools = {}): FrameWriter {
  const temporary = join(dirname(path), `${TEMPORARY_PREFIX}${randomBytes(6).toString('hex')}-${basename(path).slice(0, 40)}`);
  const pixelFormat = width % 2 === 0 && height % 2 === 0 ? 'yuv420p' : 'yuv444p';
  const args = ['-v', 'error', '-nostdin', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`, '-r', String(fps), '-i', '-',
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', pixelFormat, '-f', 'mp4', temporary];
  const { child, done } = startTool('ffmpeg', tools.ffmpeg ?? 'ffmpeg', args);
  const frameBytes = width * height * 3;
  let failure: unknown;
  done.catch((error: unknown) => (failure = error));
  return {
    async write(rgb) {
      if (failure) throw failure;
      if (rgb.length !== frameBytes) throw new SemsegError('OUTPUT_FAILED', `Expected ${frameBytes} bytes (${width}x${height} RGB) for a video frame but received ${rgb.length}`);
      if (!child.stdin.write(rgb)) await Promise.race([once(child.stdin, 'drain'), done]);
      if (failure) throw failure;
    },
    async end() {
      child.stdin.end();
      try {
        await done;
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error instanceof SemsegError ? error : new SemsegError('OUTPUT_FAILED', `Expected to write ${path} but it failed: ${(error as Error).message}`, { cause: error });
      }
    },
    async abort() {
      child.kill('SIGKILL');
      await done.catch(() => undefined);
      await rm(temporary, { force: true });
    },
  };
}
