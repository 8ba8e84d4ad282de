/**
 * A folder of numbered images as a frame sequence: files in name order (numbers compared as numbers), decoded one
 * at a time. Every frame must have the first frame's size (a video has one size). Node only.
 */
import type { RasterImage } from '../core/types.js';
import { SemsegError } from '../core/errors.js';
import { decodeImage, type DecodeOptions } from '../io/decode.js';
import type { FrameSource } from './types.js';

const naturalOrder = new Intl.Collator('en', { numeric: true }).compare;

export function openFrameFolder(name: string, paths: readonly string[], fps: number, decode: DecodeOptions = {}): FrameSource {
  const ordered = [...paths].sort(naturalOrder);
  async function* frames(): AsyncGenerator<RasterImage> {
    let size: string | undefined;
    for (const [index, path] of ordered.entries()) {
      const image = await decodeImage(path, decode);
      const here = `${image.width}x${image.height}`;
      size ??= here;
      if (here !== size) throw new SemsegError('DECODE_FAILED', `Expected frames of one size (${size}) for frame ${path} but received ${here}`);
      yield { ...image, meta: { ...image.meta, frameIndex: index } };
    }
  }
  return { name, fps, frames };
}
