/** Tiny synthetic datasets on disk: label PNGs written with fast-png (exact values), images with sharp. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { encode } from 'fast-png';
import sharp from 'sharp';

export async function makeTempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-datasets-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function put(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
}

/** Grey label PNG, 8-bit (or 16-bit when `values` is a Uint16Array), row-major values. */
export async function writeGreyPng(path: string, width: number, height: number, values: ArrayLike<number> | Uint16Array): Promise<void> {
  const sixteen = values instanceof Uint16Array;
  const data = sixteen ? values : Uint8Array.from(values as ArrayLike<number>);
  await put(path, encode({ width, height, data, depth: sixteen ? 16 : 8, channels: 1 }));
}

/** Grey (no palette) or palette PNG of 1..8 bits: `values` one per pixel, packed to `depth` bits (rows start on a byte). */
export async function writePackedPng(path: string, width: number, height: number, values: ArrayLike<number>, depth: 1 | 2 | 4 | 8, palette?: number[][]): Promise<void> {
  const rowBytes = Math.ceil((width * depth) / 8);
  const data = new Uint8Array(rowBytes * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = x * depth;
      data[y * rowBytes + (bit >> 3)] |= values[y * width + x] << (8 - depth - (bit & 7));
    }
  }
  await put(path, encode({ width, height, data, depth, channels: 1, palette }));
}

/** RGB PNG from one colour per pixel. */
export async function writeRgbPng(path: string, width: number, height: number, colors: [number, number, number][]): Promise<void> {
  await put(path, encode({ width, height, data: Uint8Array.from(colors.flat()), depth: 8, channels: 3 }));
}

/** A grey photo of the given size; the format follows the extension (.png or .jpg). */
export async function writeImage(path: string, width: number, height: number): Promise<void> {
  const image = sharp({ create: { width, height, channels: 3, background: { r: 90, g: 120, b: 150 } } });
  await put(path, await (path.endsWith('.png') ? image.png() : image.jpeg()).toBuffer());
}

export async function writeText(path: string, text: string): Promise<void> {
  await put(path, new TextEncoder().encode(text));
}
