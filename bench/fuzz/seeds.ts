/**
 * Valid seed images of every supported format, made with sharp from the repository's samples at a small size so the
 * thousands of runs stay cheap. Mutations start from these bytes; unmodified copies are the controls.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';

export const FORMATS = ['png', 'jpeg', 'webp', 'tiff', 'gif'] as const;
export type ImageFormat = (typeof FORMATS)[number];
export const EXTENSION: Record<ImageFormat, string> = { png: 'png', jpeg: 'jpg', webp: 'webp', tiff: 'tif', gif: 'gif' };

export interface Seed {
  format: ImageFormat;
  /** Which sample it came from, for reports. */
  sample: string;
  bytes: Uint8Array;
}

export const SEED_WIDTH = 96;
export const SEED_HEIGHT = 72;

function encode(image: Sharp, format: ImageFormat): Promise<Buffer> {
  switch (format) {
    case 'png':
      return image.png().toBuffer();
    case 'jpeg':
      return image.jpeg({ quality: 90 }).toBuffer();
    case 'webp':
      return image.webp({ quality: 80 }).toBuffer();
    case 'tiff':
      return image.tiff({ compression: 'lzw' }).toBuffer();
    case 'gif':
      return image.gif().toBuffer();
  }
}

export async function makeSeeds(samplesDir: string): Promise<Seed[]> {
  const samples = (await readdir(samplesDir)).filter((f) => /\.(png|jpe?g)$/i.test(f)).sort();
  const seeds: Seed[] = [];
  for (const sample of samples) {
    const base = await sharp(join(samplesDir, sample)).resize(SEED_WIDTH, SEED_HEIGHT, { fit: 'fill' }).removeAlpha().toBuffer();
    for (const format of FORMATS) {
      const bytes = await encode(sharp(base), format);
      seeds.push({ format, sample, bytes: new Uint8Array(bytes) });
    }
  }
  return seeds;
}
