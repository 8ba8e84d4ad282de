/** Shared by the inference tests: fixture models, seeded images, whole-image scores. */
import { join } from 'node:path';
import type { RasterImage } from '../../src/core/types.js';
import { loadModel } from '../../src/models/load.js';
import type { SegmentationModel } from '../../src/models/types.js';
import { imageSource } from '../../src/inference/row-source.js';
import type { ScoreRows } from '../../src/inference/score-rows.js';
import { fixturesDir } from '../helpers/paths.js';

export const inferenceFixtures = join(fixturesDir, 'inference');

export function fixtureModel(name: string, workers = 1): Promise<SegmentationModel> {
  return loadModel(join(inferenceFixtures, `${name}.onnx`), { workers, threadsPerWorker: 1 });
}

/** Deterministic pseudo-random RGB image (xorshift), or a constant one. */
export function randomImage(width: number, height: number, seed = 1): RasterImage {
  const data = new Uint8Array(width * height * 3);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < data.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    data[i] = (s >>> 0) & 255;
  }
  return { data, width, height, channels: 3 };
}

export function constantImage(width: number, height: number, rgb: [number, number, number]): RasterImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i += 3) data.set(rgb, i);
  return { data, width, height, channels: 3 };
}

/** All rows of a ScoreRows, as one channel-planar volume (channels x height x width). */
export async function collectRows(rows: ScoreRows): Promise<Float32Array> {
  const { channels, width, height } = rows;
  const out = new Float32Array(channels * width * height);
  const row = new Float32Array(channels * width);
  for (let y = 0; y < height; y++) {
    await rows.next(row);
    for (let c = 0; c < channels; c++) out.set(row.subarray(c * width, (c + 1) * width), (c * height + y) * width);
  }
  return out;
}

export { imageSource };
