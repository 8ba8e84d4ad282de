/** Region reading changes no process-wide sharp setting and refuses files whose header promises more than they hold. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { imageSize, openImageRegions } from '../../src/io/region-reader.js';
import { decodeImage } from '../../src/io/decode.js';
import type { SemsegError } from '../../src/core/errors.js';

const limits = () => {
  const { memory, files, items } = sharp.cache();
  return { memory: memory.max, files: files.max, items: items.max };
};

async function stripes(dir: string, width: number, height: number): Promise<{ path: string; pixels: Buffer }> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 13 + (i >> 7)) % 256;
  const path = join(dir, 'stripes.png');
  await sharp(pixels, { raw: { width, height, channels: 3 } }).png().toFile(path);
  return { path, pixels };
}

test("reading regions leaves sharp's cache settings as they were, default or the caller's own", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-regions-'));
  const { path, pixels } = await stripes(dir, 300, 200);
  const original = limits();
  t.after(() => sharp.cache(original));
  for (const setting of [original, { memory: 30, files: 7, items: 60 }]) {
    sharp.cache(setting);
    const before = limits();
    const regions = await openImageRegions(path, { chunkBytes: 300 * 3 * 40 });
    for (let y = 0; y + 50 <= 200; y += 50) {
      const band = await regions.readRows(y, y + 50);
      assert.deepEqual(Buffer.from(band.data), pixels.subarray(y * 900, (y + 50) * 900), `rows ${y}..${y + 50}`);
    }
    assert.deepEqual(limits(), before);
    assert.deepEqual(before, setting);
  }
});

test('a header that declares more pixels than the file can hold is refused before any region is read', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-regions-'));
  const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } }).png().toBuffer();
  // IHDR's height field (bytes 20..23) now says 64 x 40,000,000 rows: a deflate stream of ~100 bytes cannot hold that.
  const forged = Buffer.from(png);
  forged.writeUInt32BE(40_000_000, 20);
  const path = join(dir, 'forged.png');
  await writeFile(path, forged);
  const refused = (e: SemsegError) => e.code === 'IMAGE_TOO_LARGE' && /a PNG that declares 64x40000000 pixels in only \d+ bytes/.test(e.message);
  await assert.rejects(imageSize(path), refused);
  await assert.rejects(openImageRegions(path, { maxPixels: 1e10 }), refused);
});

test("with pixels 'source' regions keep the file's bands and 16-bit samples, as decodeImage does", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-regions-'));
  const [width, height] = [40, 30];
  const samples = Uint16Array.from({ length: width * height }, (_, i) => (i * 977) % 65536);
  const path = join(dir, 'deep.png');
  await sharp(samples, { raw: { width, height, channels: 1 } }).toColourspace('grey16').png().toFile(path);
  const whole = await decodeImage(path, { pixels: 'source' });
  const regions = await openImageRegions(path, { pixels: 'source', chunkBytes: width * 2 * 8 });
  assert.equal(regions.channels, 1);
  for (let y = 0; y < height; y += 10) {
    const band = await regions.readRows(y, y + 10);
    assert.ok(band.data instanceof Uint16Array);
    assert.deepEqual(Array.from(band.data), Array.from(whole.data.subarray(y * width, (y + 10) * width)));
  }
  assert.deepEqual(Array.from(whole.data), Array.from(samples));
});
