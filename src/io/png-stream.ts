/**
 * The single-channel PNG of png.ts written strip by strip to a file: scanlines go through a streaming deflate and
 * each piece of its output becomes an IDAT chunk, so a label map of any height is never held whole.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDeflate } from 'node:zlib';
import type { Rgb } from '../core/types.js';
import { chunk, filterRows, headerChunks, LABEL_DEFLATE } from './png.js';

export interface PngStripWriter {
  /** Appends `rows` full rows of samples (top to bottom); resolves when the deflate stream can take more. */
  write(samples: Uint8Array | Uint16Array, rows: number): Promise<void>;
  /** Ends the image; resolves when the file is complete. */
  close(): Promise<void>;
}

export interface PngStripOptions {
  width: number;
  height: number;
  /** 16-bit grey samples instead of 8-bit. */
  sixteen?: boolean;
  /** Indexed colour: samples are palette indices (8-bit). */
  palette?: readonly Rgb[];
}

export function openPngStripWriter(path: string, { width, height, sixteen = false, palette }: PngStripOptions): PngStripWriter {
  const file = createWriteStream(path);
  for (const part of headerChunks(width, height, sixteen, palette)) file.write(part);
  const deflate = createDeflate({ ...LABEL_DEFLATE, chunkSize: 1 << 18 });
  const toChunks = new Transform({
    transform: (data: Buffer, _encoding, done) => done(null, chunk('IDAT', data)),
    flush: (done) => done(null, chunk('IEND', new Uint8Array(0))),
  });
  const finished = pipeline(deflate, toChunks, file);
  // A failure surfaces from close(); until then writes only wait for drain.
  finished.catch(() => undefined);
  let written = 0;
  let lastRow: Uint8Array | Uint16Array | undefined;
  return {
    async write(samples, rows) {
      written += rows;
      if (written > height) throw new RangeError(`PNG ${path}: ${written} rows written, the header says ${height}`);
      const filtered = filterRows(samples, width, rows, lastRow);
      lastRow = samples.slice((rows - 1) * width, rows * width);
      if (!deflate.write(filtered)) await Promise.race([once(deflate, 'drain'), finished]);
    },
    async close() {
      deflate.end();
      await finished;
    },
  };
}
