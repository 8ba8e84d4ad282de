import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { encodeSingleChannelPng } from '../../src/formats/png.js';
import { openPngStripWriter } from '../../src/formats/png-stream.js';
import { fileSink } from '../../src/io/file-sink.js';
import type { Rgb } from '../../src/core/types.js';

async function streamed(path: string, samples: Uint8Array | Uint16Array, width: number, height: number, strip: number, palette?: Rgb[]): Promise<Buffer> {
  const writer = openPngStripWriter(fileSink(path), { width, height, sixteen: samples instanceof Uint16Array, palette });
  for (let y = 0; y < height; y += strip) {
    const rows = Math.min(strip, height - y);
    await writer.write(samples.subarray(y * width, (y + rows) * width), rows);
  }
  await writer.close();
  return readFile(path);
}

test('a PNG written strip by strip decodes to the same image as the one-shot writer', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-png-stream-'));
  const [width, height] = [301, 203];
  const eight = Uint8Array.from({ length: width * height }, (_, i) => (i * 7 + (i >> 9)) % 11);
  const sixteen = Uint16Array.from({ length: width * height }, (_, i) => (i * 131) % 700);
  const palette: Rgb[] = Array.from({ length: 11 }, (_, i) => [i * 20, 255 - i * 20, (i * 77) % 256]);
  const cases: [string, Uint8Array | Uint16Array, Rgb[] | undefined][] = [['grey8', eight, undefined], ['grey16', sixteen, undefined], ['indexed', eight, palette]];
  for (const [name, samples, pal] of cases) {
    const reference = decode(encodeSingleChannelPng({ width, height, samples, palette: pal }));
    for (const strip of [1, 32, 1000]) {
      const png = decode(await streamed(join(dir, `${name}-${strip}.png`), samples, width, height, strip, pal));
      assert.deepEqual([png.width, png.height, png.depth, png.channels], [reference.width, reference.height, reference.depth, reference.channels], name);
      assert.deepEqual(png.data, reference.data, `${name}, strips of ${strip}`);
      assert.deepEqual(png.palette, reference.palette, name);
    }
  }
});

test('more rows than the header declares is refused', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-png-stream-'));
  const writer = openPngStripWriter(fileSink(join(dir, 'x.png')), { width: 2, height: 1 });
  await assert.rejects(writer.write(new Uint8Array(4), 2), /at most 1 rows \(the PNG header\) but received 2/);
  await writer.abort();
  assert.deepEqual(await readdir(dir), [], 'an abandoned image leaves no file');
});
