/** A video's size, frame rate and (when the container says) frame count, from ffprobe. Node only. */
import { SemsegError } from '../core/errors.js';
import { startTool, type VideoTools } from './ffmpeg-tools.js';

export interface VideoInfo {
  width: number;
  height: number;
  /** Frames per second (the stream's average rate, else its base rate). */
  fps: number;
  /** Frames in the stream when ffprobe knows (counted by decoding when `countFrames`), else undefined. */
  frames?: number;
}

function rate(text: string | undefined): number {
  const [n, d] = (text ?? '').split('/').map(Number);
  const value = d ? n / d : n;
  return Number.isFinite(value) && value > 0 ? value : 0;
}

export async function probeVideo(path: string, tools: VideoTools = {}, countFrames = false): Promise<VideoInfo> {
  const args = ['-v', 'error', '-select_streams', 'v:0', ...(countFrames ? ['-count_frames'] : []), '-show_entries', 'stream=width,height,avg_frame_rate,r_frame_rate,nb_frames,nb_read_frames', '-of', 'json', path];
  const { child, done } = startTool('ffprobe', tools.ffprobe ?? 'ffprobe', args);
  child.stdin.end();
  const chunks: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => chunks.push(c));
  try {
    await done;
  } catch (error) {
    if (error instanceof SemsegError && error.code === 'TOOL_MISSING') throw error;
    throw new SemsegError('DECODE_FAILED', `Expected a video file for input but ffprobe could not read ${path}`, { cause: error });
  }
  const stream = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { streams?: Record<string, string | number>[] }).streams?.[0];
  if (!stream || !(Number(stream.width) > 0) || !(Number(stream.height) > 0)) {
    throw new SemsegError('DECODE_FAILED', `Expected a video stream in ${path} but ffprobe found none`);
  }
  const fps = rate(String(stream.avg_frame_rate)) || rate(String(stream.r_frame_rate)) || 25;
  const frames = Number(countFrames ? stream.nb_read_frames : stream.nb_frames);
  return { width: Number(stream.width), height: Number(stream.height), fps, frames: Number.isInteger(frames) && frames > 0 ? frames : undefined };
}
