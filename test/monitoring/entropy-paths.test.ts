/**
 * The mean entropy must be the same whichever path segment() takes: the argmax in the worker (plain and flip TTA,
 * computed next to the kernel), the main-thread planes, the row pipeline (sliding windows, TTA) and the fallback for
 * a backend that takes the argmax but gives no entropy. Each is compared with the direct computation from the
 * model's own scores.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RasterImage } from '../../src/core/types.js';
import type { SegmentationModel } from '../../src/models/types.js';
import { segment } from '../../src/inference/segment.js';
import { runScores } from '../../src/inference/score-grid.js';
import { predict } from '../../src/pipeline/predict.js';
import { fixtureModel, randomImage } from '../inference/helpers.js';
import { entropyOf, meanEntropyOfPlanes, pixelScores, softmax } from '../helpers/entropy.js';

function scoresOnly(model: SegmentationModel): SegmentationModel {
  const { runArgmax: _hidden, ...backend } = model.backend;
  return { ...model, backend };
}

/** A backend that takes the argmax in the worker but leaves the entropy out of its answer; counts its calls. */
function noWorkerEntropy(model: SegmentationModel, calls: { argmax: number; run: number }): SegmentationModel {
  const inner = model.backend;
  return {
    ...model,
    backend: {
      metadata: inner.metadata,
      workers: inner.workers,
      dispose: () => inner.dispose(),
      run: (feeds, names, options) => (calls.run++, inner.run(feeds, names, options)),
      runArgmax: (feeds, request, options) => (calls.argmax++, inner.runArgmax!(feeds, { ...request, entropy: false }, options)),
    },
  };
}

function mirrored(image: RasterImage): RasterImage {
  const { width, height, channels } = image;
  const data = new Uint8Array(image.data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < channels; k++) data[(y * width + x) * channels + k] = image.data[(y * width + width - 1 - x) * channels + k];
    }
  }
  return { data, width, height, channels };
}

async function directEntropy(model: SegmentationModel, image: RasterImage): Promise<number> {
  const { scores, channels, width, height } = await runScores(model, image);
  return meanEntropyOfPlanes(scores, channels, width * height, 'logits');
}

/** Entropy of the average of the softmax of the image's run and of the mirror image's run mirrored back. */
async function directFlipEntropy(model: SegmentationModel, image: RasterImage): Promise<number> {
  const a = await runScores(model, image);
  const b = await runScores(model, mirrored(image));
  const { channels: C, width: W, height: H } = a;
  let sum = 0;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const pa = softmax(pixelScores(a.scores, C, W * H, y * W + x));
      const pb = softmax(pixelScores(b.scores, C, W * H, y * W + W - 1 - x));
      sum += entropyOf(pa.map((v, c) => (v + pb[c]) / 2));
    }
  }
  return sum / (W * H);
}

const close = (a: number | undefined, b: number, tolerance = 2e-5) => assert.ok(a !== undefined && Math.abs(a - b) < tolerance, `${a} vs ${b}`);

test('mean entropy: worker argmax, main-thread planes, rows and the fallback all equal the direct computation', async () => {
  const model = await fixtureModel('conv3');
  try {
    for (const [w, h] of [[37, 23], [17, 16], [64, 48]] as const) {
      const image = randomImage(w, h, w * 7 + h);
      const direct = await directEntropy(model, image);
      close((await segment(model, image, { entropy: true })).meanEntropy, direct);
      close((await segment(scoresOnly(model), image, { entropy: true })).meanEntropy, direct);
      const calls = { argmax: 0, run: 0 };
      close((await segment(noWorkerEntropy(model, calls), image, { entropy: true })).meanEntropy, direct);
      assert.deepEqual(calls, { argmax: 1, run: 1 }, 'labels without entropy: one more run on the row pipeline');
      // one window as large as the image: the row pipeline sees the same scores
      close((await segment(model, image, { entropy: true, mode: 'slide', crop: { width: w, height: h } })).meanEntropy, direct);
      assert.equal((await segment(model, image)).meanEntropy, undefined, 'not computed unless asked');
    }
  } finally {
    await model.dispose();
  }
});

test('mean entropy with flip TTA: the worker (next to the kernel) and the row pipeline equal the direct average', async () => {
  const model = await fixtureModel('conv3');
  try {
    for (const [w, h] of [[37, 23], [3, 2]] as const) {
      const image = randomImage(w, h, w + 13 * h);
      const direct = await directFlipEntropy(model, image);
      const options = { tta: { flip: true }, entropy: true };
      close((await segment(model, image, options)).meanEntropy, direct);
      close((await segment(scoresOnly(model), image, options)).meanEntropy, direct);
    }
  } finally {
    await model.dispose();
  }
});

test('sliding windows of a pointwise model: the entropy of the blended logits equals the whole image', async () => {
  const model = await fixtureModel('pointwise');
  try {
    const image = randomImage(97, 61, 3);
    const slid = await segment(model, image, { entropy: true, mode: 'slide', crop: { width: 32, height: 24 }, stride: { width: 20, height: 15 } });
    close(slid.meanEntropy, await directEntropy(model, image));
  } finally {
    await model.dispose();
  }
});

test('predict({ quality }) gives the per-image statistics of its label map', async () => {
  const model = await fixtureModel('conv3');
  try {
    const image = randomImage(40, 30, 9);
    const { map, quality } = await predict(model, image, { outputs: [], quality: { lowConfidence: 0.6 } });
    assert.ok(quality && map.confidence && map.meanEntropy !== undefined);
    assert.equal(quality.pixels, 1200);
    assert.equal(quality.meanEntropy, map.meanEntropy);
    assert.ok(Math.abs(quality.classShare.reduce((a, b) => a + b, 0) - 1) < 1e-12);
    quality.classShare.forEach((share, c) => assert.equal(share, map.labels.filter((l) => l === c).length / 1200));
    const confidence = Array.from(map.confidence);
    close(quality.meanConfidence!, confidence.reduce((a, b) => a + b, 0) / 1200, 1e-9);
    assert.equal(quality.lowConfidenceShare, confidence.filter((v) => v < 0.6).length / 1200);
    assert.equal(quality.lowConfidenceThreshold, 0.6);
    assert.equal((await predict(model, image, { outputs: [] })).quality, undefined);
    await assert.rejects(predict(model, image, { outputs: [], quality: { lowConfidence: 0 } }), /Expected a number in \(0, 1\] for lowConfidence but received 0/);
  } finally {
    await model.dispose();
  }
});
