/** Pixels -> PNG/JPEG bytes: label maps through the direct PNG writer, photos through sharp. */
import sharp from 'sharp';
import type { LabelMap } from '../core/types.js';
import { colorize } from './render.js';
import { encodeSingleChannelPng } from './png.js';

function raw(data: Uint8Array, width: number, height: number, channels: 1 | 3) {
  const image = sharp(data, { raw: { width, height, channels } });
  // Without an explicit space sharp writes one-channel input as RGB.
  return channels === 1 ? image.toColourspace('b-w') : image;
}

/** Grey PNG of class ids: 8-bit, or 16-bit when the map holds more than 256 classes. */
export function encodeLabelPng(map: LabelMap): Buffer {
  return encodeSingleChannelPng({ width: map.width, height: map.height, samples: map.labels });
}

/** Class colours: an indexed PNG (exact colours, small) up to 256 classes, RGB beyond. */
export async function encodeColorPng(map: LabelMap): Promise<Buffer> {
  if (map.labels instanceof Uint8Array) {
    const palette = map.classes.map((c) => c.color);
    return encodeSingleChannelPng({ width: map.width, height: map.height, samples: map.labels, palette });
  }
  return encodePng(colorize(map), map.width, map.height, 3);
}

export async function encodePng(data: Uint8Array, width: number, height: number, channels: 1 | 3): Promise<Buffer> {
  return raw(data, width, height, channels).png({ compressionLevel: 6 }).toBuffer();
}

export async function encodeJpeg(data: Uint8Array, width: number, height: number, quality = 85): Promise<Buffer> {
  return raw(data, width, height, 3).jpeg({ quality }).toBuffer();
}
