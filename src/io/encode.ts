/** Pixels -> PNG/JPEG bytes through sharp. */
import { encode as encodeFastPng } from 'fast-png';
import sharp from 'sharp';
import type { LabelMap } from '../core/types.js';

function raw(data: Uint8Array, width: number, height: number, channels: 1 | 3) {
  const image = sharp(data, { raw: { width, height, channels } });
  // Without an explicit space sharp writes one-channel input as RGB.
  return channels === 1 ? image.toColourspace('b-w') : image;
}

/** 8-bit grey PNG of class ids; 16-bit when the map holds more than 256 classes. */
export async function encodeLabelPng(map: LabelMap): Promise<Buffer> {
  if (map.labels instanceof Uint8Array) {
    return raw(map.labels, map.width, map.height, 1).png({ compressionLevel: 6 }).toBuffer();
  }
  // sharp takes no 16-bit raw input; fast-png writes 16-bit grey directly.
  return Buffer.from(encodeFastPng({ width: map.width, height: map.height, data: map.labels, depth: 16, channels: 1 }));
}

export async function encodePng(data: Uint8Array, width: number, height: number, channels: 1 | 3): Promise<Buffer> {
  return raw(data, width, height, channels).png({ compressionLevel: 6 }).toBuffer();
}

export async function encodeJpeg(data: Uint8Array, width: number, height: number, quality = 85): Promise<Buffer> {
  return raw(data, width, height, 3).jpeg({ quality }).toBuffer();
}
