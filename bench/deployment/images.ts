/**
 * The decoded images every contender times: one real picture per model, resized to each benchmark size. Grey for
 * grey models; for the 4-band index model the RGB picture plus a near-infrared band made from its green, 16 bits.
 */
import sharp from 'sharp';
import type { RasterImage } from '../../src/core/types.js';
import type { Size } from './types.js';

export async function timingRaster(source: string, size: Size, kind: { grey: boolean; bands4: boolean }): Promise<RasterImage> {
  const resized = sharp(source).resize(size.width, size.height, { fit: 'fill' }).removeAlpha();
  if (kind.grey) {
    const data = await resized.greyscale().raw().toBuffer();
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: size.width, height: size.height, channels: 1 };
  }
  const rgb = await resized.toColourspace('srgb').raw().toBuffer();
  if (!kind.bands4) return { data: new Uint8Array(rgb.buffer, rgb.byteOffset, rgb.length), width: size.width, height: size.height, channels: 3 };
  const n = size.width * size.height;
  const bands = new Uint16Array(n * 4);
  for (let p = 0; p < n; p++) {
    bands[p * 4] = rgb[p * 3] * 257;
    bands[p * 4 + 1] = rgb[p * 3 + 1] * 257;
    bands[p * 4 + 2] = rgb[p * 3 + 2] * 257;
    bands[p * 4 + 3] = Math.min(65535, rgb[p * 3 + 1] * 257 * 1.5);
  }
  return { data: bands, width: size.width, height: size.height, channels: 4 };
}

/** The same picture as a file for the page's image picker (it decodes RGB itself). */
export async function timingFile(source: string, size: Size, path: string, grey: boolean): Promise<string> {
  let image = sharp(source).resize(size.width, size.height, { fit: 'fill' }).removeAlpha();
  if (grey) image = image.greyscale();
  await image.png().toFile(path);
  return path;
}
