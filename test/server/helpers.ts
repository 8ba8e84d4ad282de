/** Shared by the server tests: servers on fixture models, a scripted pool for faults, images, log capture. */
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { pino, type Logger } from 'pino';
import { createServer, type CreateServerOptions, type SemsegServer } from '../../src/server/create-server.js';
import type { ServerOptionsInput } from '../../src/server/options.js';
import { WorkerPool } from '../../src/runtime/worker-pool.js';
import { createModel } from '../../src/models/create-model.js';
import type { InferenceBackend, InferencePool } from '../../src/runtime/types.js';
import type { ModelLoader } from '../../src/server/model-store.js';
import { inferenceFixtures } from '../inference/helpers.js';

export const pointwiseOnnx = join(inferenceFixtures, 'pointwise.onnx');

export interface CapturedLog {
  logger: Logger;
  lines: () => Record<string, unknown>[];
  text: () => string;
}

export function captureLog(): CapturedLog {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const logger = pino({ level: 'info' }, stream);
  const text = () => chunks.join('');
  return { logger, text, lines: () => text().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const silent = pino({ level: 'silent' });

/** A server on the pointwise fixture (5 classes, any size), one worker. */
export function pointwiseServer(options: ServerOptionsInput = {}, runtime: CreateServerOptions = {}): Promise<SemsegServer> {
  return createServer({ models: [pointwiseOnnx], workers: 1, threadsPerWorker: 1, port: 0, ...options }, { logger: silent, ...runtime });
}

const scriptedCard = {
  name: 'scripted',
  version: '1.0.0',
  input: { name: 'input', size: { mode: 'dynamic', multipleOf: 1 }, valueScale: 1 / 255 },
  output: { name: 'logits', kind: 'logits', layout: 'NCHW' },
  classes: [
    { id: 0, name: 'dark', color: [0, 0, 0] },
    { id: 1, name: 'red', color: [220, 20, 20] },
  ],
};

/** A pool of one worker running the scripted model (see fixtures/scripted-model-worker.ts). */
export function scriptedPool(): InferencePool {
  const pool = new WorkerPool(new URL('../fixtures/scripted-model-worker.js', import.meta.url), { size: 1 });
  const backend: InferenceBackend = {
    metadata: {
      inputs: [{ name: 'input', type: 'float32', shape: ['batch', 3, 'height', 'width'] }],
      outputs: [{ name: 'logits', type: 'float32', shape: ['batch', 2, 'height', 'width'] }],
    },
    workers: 1,
    run: (feeds, _names, options) => pool.run({ feeds }, { ...options, transfer: Object.values(feeds).map((t) => t.data.buffer as ArrayBuffer) }),
    dispose: async () => undefined,
  };
  return { workers: 1, load: async () => backend, stats: () => pool.stats(), close: (options) => pool.close(options) };
}

export const scriptedLoader: ModelLoader = async (_reference, pool) => createModel({ card: scriptedCard, backend: await pool.load('scripted') });

/** A server on the scripted pool; its close() and shutdown() also stop that pool. */
export async function scriptedServer(options: ServerOptionsInput = {}, runtime: CreateServerOptions = {}): Promise<SemsegServer> {
  const pool = scriptedPool();
  const server = await createServer({ models: ['scripted'], port: 0, ...options }, { logger: silent, pool, loader: scriptedLoader, ...runtime });
  return {
    ...server,
    close: () => server.close().finally(() => pool.close()),
    shutdown: () => server.shutdown().finally(() => pool.close()),
  };
}

/** A PNG of the given size: left half red, right half black. */
export function halfRedPng(width: number, height: number): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width / 2; x++) data[(y * width + x) * 3] = 255;
  return sharp(data, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

/** A PNG whose header declares a size without the pixels to match (a decompression bomb's shape). */
export async function forgedSizePng(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await halfRedPng(8, 8));
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

export function errorOf(body: string): { code: string; message: string } {
  return (JSON.parse(body) as { error: { code: string; message: string } }).error;
}
