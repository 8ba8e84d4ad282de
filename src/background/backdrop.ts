/**
 * The backdrop of a frame, through sharp (libvips): the photo's Gaussian blur, a replacement image scaled to cover
 * the frame (decoded once, resized once per frame size), or a solid colour. Node only.
 */
import sharp from 'sharp';
import type { RasterImage } from '../core/types.js';
import { firstLine, SemsegError } from '../core/errors.js';
import { rgbOf, solidRgb } from './composite.js';
import type { BackdropSpec } from './types.js';

export type Backdrop = (image: RasterImage) => Promise<Uint8Array>;

function unreadable(source: string | Uint8Array, error: unknown): SemsegError {
  const what = typeof source === 'string' ? `"${source}"` : 'bytes';
  return new SemsegError('DECODE_FAILED', `Expected a readable image for --replace but received ${what} (${firstLine((error as Error).message, 200)})`, { cause: error });
}

/** Refuses, before any work, a replacement image that cannot be read. */
export async function checkBackdrop(spec: BackdropSpec): Promise<void> {
  if (spec.kind !== 'image') return;
  await sharp(typeof spec.source === 'string' ? spec.source : Buffer.from(spec.source)).metadata().catch((error: unknown) => {
    throw unreadable(spec.source, error);
  });
}

export function createBackdrop(spec: BackdropSpec): Backdrop {
  if (spec.kind === 'color') return async (image) => solidRgb(spec.rgb, image.width * image.height);
  if (spec.kind === 'blur') {
    return async (image) => {
      const rgb = rgbOf(image);
      const out = await sharp(rgb, { raw: { width: image.width, height: image.height, channels: 3 } }).blur(Math.max(0.3, spec.radius)).raw().toBuffer();
      return new Uint8Array(out.buffer, out.byteOffset, out.length);
    };
  }
  const cache = new Map<string, Promise<Uint8Array>>();
  const source = spec.source;
  return (image) => {
    const key = `${image.width}x${image.height}`;
    let scaled = cache.get(key);
    if (!scaled) {
      scaled = sharp(typeof source === 'string' ? source : Buffer.from(source))
        .removeAlpha()
        .toColourspace('srgb')
        .resize(image.width, image.height, { fit: 'cover' })
        .raw()
        .toBuffer()
        .then((b) => new Uint8Array(b.buffer, b.byteOffset, b.length))
        .catch((error: unknown) => {
          throw unreadable(source, error);
        });
      cache.set(key, scaled);
    }
    return scaled;
  };
}
