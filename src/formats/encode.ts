/** Pixels -> PNG/JPEG bytes: label maps through the direct PNG writer, photos through sharp. */
import sharp from 'sharp';
import type { LabelMap } from '../core/types.js';
import { colorize } from './render.js';
import { assemblePng, compressSamples } from './png.js';

function raw(data: Uint8Array, width: number, height: number, channels: 1 | 3) {
  const image = sharp(data, { raw: { width, height, channels } });
  // Without an explicit space sharp writes one-channel input as RGB.
  return channels === 1 ? image.toColourspace('b-w') : image;
}

/**
 * The compressed pixel data of a map's label PNG. The colour PNG of an 8-bit map holds the same indices, so a
 * caller writing both compresses once and passes the result to both encoders.
 */
export function compressLabels(map: LabelMap): Buffer {
  return compressSamples(map.labels, map.width, map.height);
}

/** Grey PNG of class ids: 8-bit, or 16-bit when the map holds more than 256 classes. */
export function encodeLabelPng(map: LabelMap, compressed: Buffer = compressLabels(map)): Buffer {
  return assemblePng({ width: map.width, height: map.height, samples: map.labels }, compressed);
}

/** Class colours: an indexed PNG (exact colours, small) up to 256 classes, RGB beyond. */
/** `paletteSize`: entries the palette is padded to with black (256 when nodata pixels carry label 255). */
export async function encodeColorPng(map: LabelMap, compressed?: Buffer, paletteSize = 0): Promise<Buffer> {
  if (map.labels instanceof Uint8Array) {
    const palette = map.classes.map((c) => c.color);
    while (palette.length < paletteSize) palette.push([0, 0, 0]);
    return assemblePng({ width: map.width, height: map.height, samples: map.labels, palette }, compressed ?? compressLabels(map));
  }
  return encodePng(colorize(map), map.width, map.height, 3);
}

export async function encodePng(data: Uint8Array, width: number, height: number, channels: 1 | 3): Promise<Buffer> {
  return raw(data, width, height, channels).png({ compressionLevel: 6 }).toBuffer();
}

/** Without Huffman optimisation: 40 % faster for 2 % larger files (overlays are previews). */
export async function encodeJpeg(data: Uint8Array, width: number, height: number, quality = 85): Promise<Buffer> {
  return raw(data, width, height, 3).jpeg({ quality, optimiseCoding: false }).toBuffer();
}
