/**
 * Decoding: the source's own bands and depth for cards that need them, and broken files refused in one plain
 * line each (format sniffed from the bytes, cause in words, libvips's first line as `detail`, no path).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { decodeImage, decodeOptionsFor } from '../../src/io/decode.js';
import { DETAIL_MAX } from '../../src/io/decode-error.js';
import { parseModelCard } from '../../src/models/card.js';
import { imageToTensor } from '../../src/preprocess/to-tensor.js';
import { checkInputImage } from '../../src/preprocess/input-check.js';
import { planInput } from '../../src/preprocess/plan.js';
import type { SemsegError } from '../../src/core/errors.js';
import { repoRoot } from '../helpers/paths.js';

const classes = [{ id: 0, name: 'a', color: [0, 0, 0] }, { id: 1, name: 'b', color: [255, 255, 255] }];
const cardWith = (input: object) => parseModelCard({ name: 't', classes, input });
const base = () => sharp(join(repoRoot, 'samples', 'camvid-Seq05VD_f02370.png')).resize(64, 48);

/** The JPEG's frame header (SOF0) rewritten to declare another height. */
function declareHeight(jpeg: Buffer, height: number): Buffer {
  const out = Buffer.from(jpeg);
  for (let i = 2; i < out.length; i += 2 + out.readUInt16BE(i + 2)) {
    if (out[i + 1] === 0xc0) {
      out.writeUInt16BE(height, i + 5);
      return out;
    }
  }
  throw new Error('no SOF0 marker');
}

async function brokenFiles(): Promise<Record<string, { bytes: Buffer; format: RegExp; cause: RegExp }>> {
  const png = await base().png().toBuffer();
  const jpeg = await base().jpeg().toBuffer();
  const gif = await base().gif().toBuffer();
  const webp = await base().webp().toBuffer();
  const tiff = await base().tiff({ compression: 'lzw' }).toBuffer();
  const flipped = (b: Buffer) => {
    const out = Buffer.from(b);
    for (let i = out.length >> 1; i < (out.length >> 1) + 40; i++) out[i] ^= 0x55;
    return out;
  };
  return {
    'truncated PNG': { bytes: png.subarray(0, png.length * 0.6), format: /PNG/, cause: /a truncated PNG$/ },
    'truncated JPEG': { bytes: jpeg.subarray(0, jpeg.length * 0.6), format: /JPEG/, cause: /a truncated JPEG$/ },
    'corrupt GIF frame': { bytes: flipped(gif), format: /GIF/, cause: /a corrupt GIF frame$/ },
    'corrupt WebP': { bytes: webp.subarray(0, webp.length * 0.6), format: /WebP/, cause: /a WebP with a corrupt header$/ },
    'corrupt TIFF data': { bytes: flipped(tiff), format: /TIFF/, cause: /a TIFF with corrupt image data$/ },
    'empty file': { bytes: Buffer.alloc(0), format: /0 bytes/, cause: /an empty file \(0 bytes\)$/ },
    'not an image': { bytes: Buffer.from('<html><body>404 not found</body></html>'), format: /not an image/, cause: /a file that is not an image/ },
  };
}

const LOADERS: Record<string, RegExp> = { PNG: /png/i, JPEG: /jpe?g/i, GIF: /gif/i, WebP: /webp/i, TIFF: /tiff/i };

function assertOneLine(error: SemsegError, name: string): void {
  assert.equal(error.code, 'DECODE_FAILED', name);
  assert.ok(!/\n/.test(error.message) && error.message.length <= 200, `${name}: ${JSON.stringify(error.message)}`);
  assert.ok(error.detail === undefined || (!/\n/.test(error.detail) && error.detail.length <= DETAIL_MAX), `${name} detail`);
}

test('a 16-bit greyscale PNG through a 1-channel card keeps its 16-bit samples', async () => {
  const samples = Uint16Array.from({ length: 6 * 4 }, (_, i) => i * 2000);
  const png = await sharp(samples, { raw: { width: 6, height: 4, channels: 1 } }).toColourspace('grey16').png().toBuffer();
  const card = cardWith({ channels: 1, range: { min: 0, max: 65535 } });
  assert.deepEqual(decodeOptionsFor(card), { pixels: 'source' });
  const image = await decodeImage(png, decodeOptionsFor(card));
  assert.ok(image.data instanceof Uint16Array);
  assert.deepEqual([image.width, image.height, image.channels], [6, 4, 1]);
  assert.deepEqual(Array.from(image.data), Array.from(samples));
  checkInputImage(image, card.input);
  const tensor = imageToTensor(image, planInput(6, 4, card.input), card.input);
  assert.deepEqual(tensor.dims, [1, 1, 4, 6]);
  (tensor.data as Float32Array).forEach((v, i) => assert.ok(Math.abs(v - samples[i] / 65535) < 1e-6, `sample ${i}`));
  // The default mode keeps today's behaviour: 8-bit sRGB, 3 channels.
  const rgb = await decodeImage(png);
  assert.ok(rgb.data instanceof Uint8Array);
  assert.equal(rgb.channels, 3);
});

test('a 4-band TIFF keeps its 4 bands and bands [2, 1, 0] feed the model in that order', async () => {
  const width = 5;
  const height = 3;
  const bands = Uint8Array.from({ length: width * height * 4 }, (_, i) => (i * 7) % 256);
  const tiff = await sharp(Buffer.from(bands), { raw: { width, height, channels: 4 } }).tiff({ compression: 'deflate' }).toBuffer();
  const card = cardWith({ bands: [2, 1, 0], valueScale: 1 });
  const image = await decodeImage(tiff, decodeOptionsFor(card));
  assert.deepEqual([image.channels, image.meta?.format], [4, 'tiff']);
  assert.deepEqual(Array.from(image.data), Array.from(bands));
  const tensor = imageToTensor(image, planInput(width, height, card.input), card.input).data as Float32Array;
  const plane = width * height;
  for (let p = 0; p < plane; p++) assert.deepEqual([tensor[p], tensor[plane + p], tensor[2 * plane + p]], [bands[p * 4 + 2], bands[p * 4 + 1], bands[p * 4]]);
});

test('cards without bands, range or unusual channel counts decode as 8-bit sRGB, as before', () => {
  assert.deepEqual(decodeOptionsFor(cardWith({})), { pixels: 'rgb8' });
  assert.deepEqual(decodeOptionsFor(cardWith({ channels: 1 })), { pixels: 'rgb8' });
  assert.deepEqual(decodeOptionsFor(cardWith({ channels: 4, mean: [0], std: [1] })), { pixels: 'source' });
});

test('broken files: one line, the sniffed format, the cause in words, the library text only as bounded detail', async () => {
  for (const [name, file] of Object.entries(await brokenFiles())) {
    const error = await decodeImage(file.bytes).then(() => undefined, (e: SemsegError) => e);
    assert.ok(error, `${name} was accepted`);
    assertOneLine(error, name);
    assert.match(error.message, /^Expected a decodable image but received /, name);
    assert.match(error.message, file.format, name);
    assert.match(error.message, file.cause, name);
  }
});

test('decoding several different broken files at once: each message and detail names its own format only', async () => {
  const files = Object.entries(await brokenFiles()).filter(([, f]) => Object.keys(LOADERS).some((n) => f.format.source === n));
  const jobs = Array.from({ length: 6 }, () => files).flat();
  const errors = await Promise.all(jobs.map(([, f]) => decodeImage(f.bytes).then(() => undefined, (e: SemsegError) => e)));
  errors.forEach((error, i) => {
    const [name, file] = jobs[i];
    assert.ok(error, `${name} was accepted`);
    assertOneLine(error, name);
    const own = file.format.source;
    for (const [format, words] of Object.entries(LOADERS)) {
      if (format === own) continue;
      assert.doesNotMatch(error.message, new RegExp(`\\b${format}\\b`), `${name} message names ${format}`);
      if (error.detail) assert.doesNotMatch(error.detail, words, `${name} detail names ${format}: ${error.detail}`);
    }
  });
});

test('a small JPEG declaring 480x65500 pixels is refused before decoding, as IMAGE_TOO_LARGE', async () => {
  const jpeg = await sharp(join(repoRoot, 'samples', 'camvid-Seq05VD_f02370.png')).resize(480, 360).jpeg({ quality: 30 }).toBuffer();
  const bomb = declareHeight(jpeg, 65500);
  const error = await decodeImage(bomb).then(() => undefined, (e: SemsegError) => e);
  assert.equal(error?.code, 'IMAGE_TOO_LARGE');
  assert.match(error!.message, /a JPEG that declares 480x65500 pixels in only \d+ KB/);
});

test('a JPEG whose entropy data ends before its declared height is refused, not filled with grey', async () => {
  const jpeg = await base().jpeg({ quality: 95 }).toBuffer();
  // 64x96 fits the byte bound (a 95% JPEG has far more than 1 bit per block), but half the rows have no data.
  const error = await decodeImage(declareHeight(jpeg, 96)).then(() => undefined, (e: SemsegError) => e);
  assert.equal(error?.code, 'DECODE_FAILED');
  assert.match(error!.message, /a truncated JPEG$/);
  assert.match(error!.detail ?? '', /premature end of data segment/);
});

test('a flipped byte in JPEG entropy data decodes (documented as accepted), and valid samples decode', async () => {
  const jpeg = Buffer.from(await base().jpeg().toBuffer());
  jpeg[jpeg.length - 200] ^= 0x01;
  const image = await decodeImage(jpeg);
  assert.deepEqual([image.width, image.height], [64, 48]);
  for (const name of ['grace_hopper.jpg', 'camvid-0001TP_008550.png']) {
    const sample = await decodeImage(join(repoRoot, 'samples', name));
    assert.equal(sample.channels, 3);
  }
});

test('the file path is not part of a decode message (the caller prints it once)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-decode-'));
  const path = join(dir, 'holiday-photo-7731.png');
  await writeFile(path, (await base().png().toBuffer()).subarray(0, 300));
  const error = await decodeImage(path).then(() => undefined, (e: SemsegError) => e);
  assert.equal(error?.code, 'DECODE_FAILED');
  assert.doesNotMatch(error!.message, /holiday-photo/);
  assert.equal(error!.message, 'Expected a decodable image but received a truncated PNG');
});

test('a TIFF whose compression this build cannot decode says so instead of "corrupt"', async () => {
  const tiff = Buffer.from(await sharp({ create: { width: 8, height: 8, channels: 3, background: '#123456' } }).tiff({ compression: 'lzw' }).toBuffer());
  const ifd = tiff.readUInt32LE(4);
  for (let i = 0, entry = ifd + 2; i < tiff.readUInt16LE(ifd); i++, entry += 12) {
    if (tiff.readUInt16LE(entry) === 259) tiff.writeUInt16LE(34712, entry + 8); // Compression: JPEG 2000, not built in
  }
  const error = await decodeImage(tiff).then(() => undefined, (e: SemsegError) => e);
  assert.equal(error?.code, 'DECODE_FAILED');
  assert.match(error!.message, /a TIFF in a variant this build cannot decode/);
  assert.match(error!.detail ?? '', /^tiff2vips: Compression scheme 34712/);
});
