/**
 * The single-channel PNG of png.ts written strip by strip to a ByteSink: scanlines go through a streaming deflate
 * and each piece of its output becomes an IDAT chunk, so a label map of any height is never held whole.
 */
import { createDeflate } from 'node:zlib';
import type { Rgb } from '../core/types.js';
import type { ByteSink } from './byte-sink.js';
import { chunk, filterRows, headerChunks, LABEL_DEFLATE } from './png.js';

export interface PngStripWriter {
  /** Appends `rows` full rows of samples (top to bottom); resolves when the sink has taken the compressed bytes. */
  write(samples: Uint8Array | Uint16Array, rows: number): Promise<void>;
  /** Ends the image and the sink; resolves when the output is complete. */
  close(): Promise<void>;
  /** Abandons the image: the sink discards what it has. */
  abort(): Promise<void>;
}

export interface PngStripOptions {
  width: number;
  height: number;
  /** 16-bit grey samples instead of 8-bit. */
  sixteen?: boolean;
  /** Indexed colour: samples are palette indices (8-bit). */
  palette?: readonly Rgb[];
}

export function openPngStripWriter(sink: ByteSink, { width, height, sixteen = false, palette }: PngStripOptions): PngStripWriter {
  const deflate = createDeflate({ ...LABEL_DEFLATE, chunkSize: 1 << 18 });
  // Sink writes are chained in order; the first failure is kept and reported by every later call.
  let queue: Promise<void> = Promise.resolve();
  let failure: unknown;
  const send = (bytes: Uint8Array) => {
    queue = queue.then(() => (failure ? undefined : sink.write(bytes))).catch((error) => {
      failure ??= error;
    });
  };
  for (const part of headerChunks(width, height, sixteen, palette)) send(part);
  deflate.on('data', (data: Buffer) => send(chunk('IDAT', data)));
  const flushed = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  let written = 0;
  let lastRow: Uint8Array | Uint16Array | undefined;
  const settle = async () => {
    await queue;
    if (failure) throw failure;
  };
  return {
    async write(samples, rows) {
      written += rows;
      if (written > height) throw new RangeError(`Expected at most ${height} rows (the PNG header) but received ${written}`);
      const filtered = filterRows(samples, width, rows, lastRow);
      lastRow = samples.slice((rows - 1) * width, rows * width);
      await new Promise<void>((resolve, reject) => deflate.write(filtered, (error) => (error ? reject(error) : resolve())));
      await settle();
    },
    async close() {
      deflate.end();
      await flushed;
      send(chunk('IEND', new Uint8Array(0)));
      await settle();
      await sink.end();
    },
    async abort() {
      deflate.destroy();
      await queue;
      await sink.abort();
    },
  };
}
