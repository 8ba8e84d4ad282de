/** Small generated test images: smooth colour fields with seeded noise (PNG, via sharp). */
import sharp from 'sharp';
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';

export async function writeTestImage(path: string, width: number, height: number, seed: number): Promise<void> {
  let state = seed * 2654435761 + 1;
  const random = () => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const data = Buffer.alloc(width * height * 3);
  const [a, b, c] = [random() * 6, random() * 6, random() * 6];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      data[o] = 128 + 100 * Math.sin(a + x / 37) + 20 * random();
      data[o + 1] = 128 + 100 * Math.sin(b + y / 23) + 20 * random();
      data[o + 2] = 128 + 100 * Math.sin(c + (x + y) / 51) + 20 * random();
    }
  }
  await sharp(data, { raw: { width, height, channels: 3 } }).png().toFile(path);
}

export async function writeTestImages(folder: string, count: number, width: number, height: number): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = join(folder, `img-${String(i).padStart(3, '0')}.png`);
    await writeTestImage(path, width, height, i + 1);
    paths.push(path);
  }
  return paths;
}
