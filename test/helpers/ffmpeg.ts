/** ffmpeg for video tests: whether it is installed (tests needing it skip only when it is not) and a tiny CamVid clip. */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { camvidRoot } from './paths.js';

export const hasFfmpeg = spawnSync('ffmpeg', ['-version']).status === 0 && spawnSync('ffprobe', ['-version']).status === 0;

/** `{ skip }` for tests needing ffmpeg/ffprobe (Debian's ffmpeg package; CI installs it). */
export function needsFfmpeg(): { skip?: string } {
  return hasFfmpeg ? {} : { skip: 'ffmpeg/ffprobe not found on the PATH (apt-get install ffmpeg)' };
}

/** The first `count` consecutive CamVid test frames of sequence 0001TP, in order. */
export function camvidFrames(count: number): string[] {
  return readdirSync(join(camvidRoot, 'test')).filter((f) => f.startsWith('0001TP_')).sort().slice(0, count).map((f) => join(camvidRoot, 'test', f));
}

/** An H.264 clip of `frames` CamVid test frames at width x height, `fps` frames per second, made by ffmpeg. */
export function makeCamvidClip(path: string, frames = 8, width = 96, height = 72, fps = 5): void {
  const list = camvidFrames(frames);
  const args = ['-v', 'error', '-y', ...list.flatMap((f) => ['-i', f]),
    '-filter_complex', `${list.map((_, i) => `[${i}:v]`).join('')}concat=n=${list.length}:v=1:a=0,scale=${width}:${height},setpts=N/${fps}/TB[v]`,
    '-map', '[v]', '-r', String(fps), '-c:v', 'libx264', '-pix_fmt', 'yuv420p', path];
  const run = spawnSync('ffmpeg', args);
  if (run.status !== 0) throw new Error(`ffmpeg could not make the test clip: ${run.stderr.toString()}`);
}

/** Frame count (decoded) and size of a video, by ffprobe. */
export function probeFrames(path: string): { width: number; height: number; frames: number } {
  const run = spawnSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=width,height,nb_read_frames', '-of', 'json', path]);
  const stream = JSON.parse(run.stdout.toString()).streams[0];
  return { width: Number(stream.width), height: Number(stream.height), frames: Number(stream.nb_read_frames) };
}
