/** Which inputs are videos: by extension (ffprobe then reads what the container holds). */
import { extname } from 'node:path';

export const VIDEO_EXTENSIONS = ['.mp4', '.m4v', '.mov', '.mkv', '.avi', '.webm', '.mpg', '.mpeg', '.ogv', '.y4m'];

export function isVideoPath(path: string): boolean {
  return VIDEO_EXTENSIONS.includes(extname(path).toLowerCase());
}
