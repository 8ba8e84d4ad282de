import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decode } from 'fast-png';
import sharp from 'sharp';
import type { ClassInfo, LabelMap } from '../../src/core/types.js';
import { compressLabels, encodeColorPng, encodeLabelPng } from '../../src/formats/encode.js';
import { filterRows } from '../../src/formats/png.js';

function map(labels: Uint8Array | Uint16Array, width: number, height: number, classCount: number): LabelMap {
  const classes: ClassInfo[] = Array.from({ length: classCount }, (_, id) => ({ id, name: `c${id}`, color: [id % 256, (id * 7) % 256, 255 - (id % 256)] }));
  return { labels, width, height, classes };
}

test('label PNGs (up filter, run-length deflate) decode to the exact class ids, 8 and 16-bit', async () => {
  const [width, height] = [97, 61];
  // Repeated rows, vertical edges and noise: every case the up filter meets.
  const eight = Uint8Array.from({ length: width * height }, (_, i) => (Math.floor(i / width) < 20 ? (i % width) >> 4 : (i * 2654435761) % 11));
  const sixteen = Uint16Array.from(eight, (v, i) => v * 60 + (i % 3));
  for (const [labels, classes] of [[eight, 11], [sixteen, 700]] as const) {
    const png = encodeLabelPng(map(labels, width, height, classes));
    const decoded = decode(png);
    assert.equal(decoded.depth, labels instanceof Uint16Array ? 16 : 8);
    assert.deepEqual(Array.from(decoded.data), Array.from(labels));
    // libvips, an independent decoder, agrees (8-bit only: its raw output of 16-bit grey is rescaled).
    if (labels instanceof Uint8Array) {
      const { data } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
      assert.deepEqual(new Uint8Array(data), labels);
    }
  }
});

test('the colour PNG shares the label PNG pixel data and decodes to the palette colours', async () => {
  const [width, height] = [31, 17];
  const labels = Uint8Array.from({ length: width * height }, (_, i) => (i >> 3) % 5);
  const m = map(labels, width, height, 5);
  const grey = decode(encodeLabelPng(m));
  const indexed = decode(await encodeColorPng(m));
  assert.deepEqual(indexed.data, grey.data);
  // Handed the label PNG's compressed data, the colour PNG is the same file.
  assert.deepEqual(decode(await encodeColorPng(m, compressLabels(m))), indexed);
  assert.deepEqual(indexed.palette, m.classes.map((c) => c.color));
});

test('filterRows with the row above gives what filtering the whole image gives for those rows', () => {
  const [width, height] = [23, 9];
  for (const samples of [Uint8Array.from({ length: width * height }, (_, i) => (i * 37) % 256), Uint16Array.from({ length: width * height }, (_, i) => (i * 4099) % 65536)]) {
    const whole = filterRows(samples, width, height);
    const stride = whole.length / height;
    const part = filterRows(samples.subarray(4 * width), width, height - 4, samples.subarray(3 * width, 4 * width));
    assert.deepEqual(part, whole.subarray(4 * stride));
  }
});
