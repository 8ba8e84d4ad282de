/**
 * CamVid test label maps as parity inputs: the ground truth is read with sharp, the "prediction" is made by the
 * deterministic corruption recipe stored in test/fixtures/metrics/camvid.json (the same steps as camvid_prediction
 * and camvid_confidence in tools/metrics/make_parity_fixtures.py).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { LabelGrid } from '../../src/metrics/index.js';

/** <repo>/../shared/data/camvid, resolved from this file (dist/test/metrics/). */
export const CAMVID_ROOT = fileURLToPath(new URL('../../../../shared/data/camvid/', import.meta.url));

export function camvidAvailable(): boolean {
  return existsSync(CAMVID_ROOT);
}

export interface CorruptionRecipe {
  numClasses: number;
  ignoreIndex: number;
  shift: { dx: number; dy: number };
  swaps: [number, number][];
  voidTo: number;
  box: { every: number; x: number; y: number; width: number; height: number; class: number };
  confidence: { multiplier: number; imageMultiplier: number; correct: [number, number]; wrong: [number, number] };
}

export async function readLabelPng(path: string): Promise<LabelGrid> {
  const { data, info } = await sharp(path).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  return { labels: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/** Shift content by (dx, dy) clamping at the edges, swap class pairs, void -> a class, every k-th image a box. */
export function corruptPrediction(gt: LabelGrid, index: number, recipe: CorruptionRecipe): LabelGrid {
  const { width, height, labels } = gt;
  const swap = new Uint8Array(256).map((_, v) => v);
  for (const [a, b] of recipe.swaps) {
    swap[a] = b;
    swap[b] = a;
  }
  swap[recipe.ignoreIndex] = recipe.voidTo;
  const out = new Uint8Array(width * height);
  const box = recipe.box;
  const boxed = index % box.every === 0;
  for (let y = 0; y < height; y++) {
    const sy = Math.min(height - 1, Math.max(0, y - recipe.shift.dy));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(width - 1, Math.max(0, x - recipe.shift.dx));
      const inBox = boxed && y >= box.y && y < box.y + box.height && x >= box.x && x < box.x + box.width;
      out[y * width + x] = inBox ? box.class : swap[labels[sy * width + sx]];
    }
  }
  return { labels: out, width, height };
}

/** Float32 confidence from a pixel hash: higher where the prediction equals the raw ground truth. */
export function recipeConfidence(gt: LabelGrid, pred: LabelGrid, index: number, recipe: CorruptionRecipe): Float32Array {
  const { multiplier, imageMultiplier, correct, wrong } = recipe.confidence;
  const out = new Float32Array(gt.labels.length);
  for (let i = 0; i < out.length; i++) {
    const u = ((i * multiplier + index * imageMultiplier) % 4294967296) / 4294967296;
    const [base, scale] = gt.labels[i] === pred.labels[i] ? correct : wrong;
    out[i] = base + scale * u;
  }
  return out;
}
