/**
 * A video file's frames through ffmpeg: `ffmpeg -i clip -f rawvideo -pix_fmt rgb24 -` on a pipe, cut into frames of
 * width x height x 3 bytes. Reading pauses the pipe (and so ffmpeg) until the consumer takes the next frame. Node only.
 */
import type { RasterImage } from '../core/types.js';
import { probeVideo, type VideoInfo } from './ffmpeg-probe.js';
import { startTool, type VideoTools } from './ffmpeg-tools.js';
import type { FrameSource } from './types.js';

async function* readFrames(path: string, info: VideoInfo, tools: VideoTools): AsyncGenerator<RasterImage> {
  const { width, height } = info;
  const frameBytes = width * height * 3;
  const { child, done } = startTool('ffmpeg', tools.ffmpeg ?? 'ffmpeg', ['-v', 'error', '-nostdin', '-i', path, '-map', '0:v:0', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
  child.stdin.end();
  let frame = new Uint8Array(frameBytes);
  let filled = 0;
  let index = 0;
  let finished = false;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      let offset = 0;
      while (offset < chunk.length) {
        const take = Math.min(frameBytes - filled, chunk.length - offset);
        frame.set(chunk.subarray(offset, offset + take), filled);
        filled += take;
        offset += take;
        if (filled === frameBytes) {
          yield { data: frame, width, height, channels: 3, meta: { source: path, format: 'video', frameIndex: index++ } };
          frame = new Uint8Array(frameBytes);
          filled = 0;
        }
      }
    }
    await done;
    finished = true;
  } finally {
    // The consumer stopped early (an error, an interrupt): stop ffmpeg too.
    if (!finished) child.kill('SIGKILL');
  }
}

export async function openVideo(path: string, tools: VideoTools = {}): Promise<FrameSource & { info: VideoInfo }> {
  const info = await probeVideo(path, tools);
  return { name: path, fps: info.fps, info, frames: () => readFrames(path, info, tools) };
}
