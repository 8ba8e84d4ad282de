/** Property checks that hold for every profile and accumulator, on seeded random label maps. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SemsegError } from '../../src/core/errors.js';
import {
  bootstrapMiou,
  computeMetrics,
  createBoundaryIoU,
  createCalibration,
  createConfusionMatrix,
  profiles,
  scoreWithProfile,
  smpProfile,
  type LabelGrid,
} from '../../src/metrics/index.js';
import { mulberry32 } from '../../src/metrics/prng.js';
import { evaluateAll, type ImagePair } from './parity.js';

const CLASSES = 5;
const IGNORE = 255;

function randomImage(random: () => number, width: number, height: number): ImagePair {
  const cell = 2 + Math.floor(random() * 6);
  const cols = Math.ceil(width / cell);
  const cells = Array.from({ length: cols * Math.ceil(height / cell) }, () => Math.floor(random() * CLASSES));
  const gt = new Uint8Array(width * height);
  const pred = new Uint8Array(width * height);
  const confidence = new Float32Array(width * height);
  for (let i = 0; i < gt.length; i++) {
    const x = i % width;
    const y = (i - x) / width;
    const label = cells[Math.floor(y / cell) * cols + Math.floor(x / cell)];
    gt[i] = random() < 0.1 ? IGNORE : label;
    pred[i] = random() < 0.2 ? Math.floor(random() * CLASSES) : label;
    confidence[i] = random();
  }
  return { gt: { labels: gt, width, height }, pred: { labels: pred, width, height }, confidence };
}

function randomImages(seed: number, count: number): ImagePair[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => randomImage(random, 20 + Math.floor(random() * 40), 15 + Math.floor(random() * 30)));
}

const options = { numClasses: CLASSES, ignoreIndex: IGNORE };

/** Numbers equal within `tolerance` (NaN equals NaN), recursively. */
function assertNear(actual: unknown, expected: unknown, tolerance: number, path = ''): void {
  if (typeof expected === 'number') {
    const ok = Number.isNaN(expected) ? Number.isNaN(actual) : Math.abs((actual as number) - expected) <= tolerance;
    assert.ok(ok, `${path}: ${actual} vs ${expected}`);
  } else if (expected !== null && typeof expected === 'object') {
    for (const [key, value] of Object.entries(expected)) {
      assertNear((actual as Record<string, unknown>)[key], value, tolerance, `${path}.${key}`);
    }
  } else {
    assert.equal(actual, expected, path);
  }
}

describe('metric properties', () => {
  it('a prediction scores 1 against itself, in every profile and for boundary IoU', () => {
    const images = randomImages(1, 6).map(({ gt, confidence }) => ({
      gt,
      pred: { ...gt, labels: gt.labels.map((v) => (v === IGNORE ? 0 : v)) },
      confidence,
    }));
    const all = evaluateAll(options, images);
    assert.equal(all.metrics.mIoU, 1);
    assert.equal(all.metrics.aAcc, 1);
    assert.equal(all.metrics.fwIoU, 1);
    for (const [name, report] of Object.entries(all.profiles)) {
      const { summary } = report as { summary: Record<string, number> };
      for (const [key, value] of Object.entries(summary)) assert.equal(value, 1, `${name} ${key}`);
    }
    for (const value of all.boundary.perClass) assert.equal(value, 1);
  });

  it('predictions and confidences at ignored pixels never change a score', () => {
    const images = randomImages(2, 5);
    const random = mulberry32(99);
    const changed = images.map(({ gt, pred, confidence }) => {
      const labels = pred.labels.slice();
      const conf = confidence.slice();
      gt.labels.forEach((v, i) => {
        if (v === IGNORE) {
          labels[i] = random() < 0.5 ? Math.floor(random() * CLASSES) : 200;
          conf[i] = random() < 0.5 ? random() : 7;
        }
      });
      return { gt, pred: { ...pred, labels }, confidence: conf };
    });
    assert.deepEqual(evaluateAll(options, changed, { samples: 50, seed: 1 }), evaluateAll(options, images, { samples: 50, seed: 1 }));
  });

  it('permuting the images changes no dataset metric', () => {
    const images = randomImages(3, 8);
    const permuted = [...images].reverse();
    [permuted[0], permuted[3]] = [permuted[3], permuted[0]];
    const { bootstrap: _a, ...original } = evaluateAll(options, images, { samples: 20, seed: 4 });
    const { bootstrap: _b, ...shuffled } = evaluateAll(options, permuted, { samples: 20, seed: 4 });
    assertNear(shuffled, original, 1e-12);
  });

  it('bootstrap is deterministic per seed and brackets the dataset mIoU', () => {
    const images = randomImages(4, 30);
    const all = evaluateAll(options, images, { samples: 300, seed: 9 });
    const again = evaluateAll(options, images, { samples: 300, seed: 9 });
    const other = evaluateAll(options, images, { samples: 300, seed: 10 });
    assert.deepEqual(again.bootstrap, all.bootstrap);
    assert.notDeepEqual(other.bootstrap, all.bootstrap);
    const interval = all.bootstrap!;
    assert.equal(interval.mIoU, all.metrics.mIoU);
    assert.ok(interval.lower < interval.mIoU && interval.mIoU < interval.upper, JSON.stringify(interval));
    assert.throws(() => bootstrapMiou([], {}), SemsegError);
    assert.throws(() => bootstrapMiou(images.map(() => all.metrics as never)), SemsegError);
  });
});

describe('label errors', () => {
  it('every accumulator names the same bad value and pixel', () => {
    const gt: LabelGrid = { labels: Uint8Array.from([0, 1, 255, 9, 1, 0]), width: 3, height: 2 };
    const pred: LabelGrid = { labels: Uint8Array.from([0, 1, 77, 1, 1, 0]), width: 3, height: 2 };
    const message = /^SemsegError: Expected a class index below 5 or the ignore index 255 for gt at pixel \(x 0, y 1\) but received 9$/;
    assert.throws(() => createConfusionMatrix(options).update(gt, pred), message);
    assert.throws(() => createBoundaryIoU(options).update(gt, pred), message);
    assert.throws(() => createCalibration(options).update(new Float32Array(6), gt, pred), message);
  });
});

describe('profile semantics', () => {
  const gt: LabelGrid = { labels: Uint8Array.from([0, 0, 1, 1]), width: 2, height: 2 };
  const pred: LabelGrid = { labels: Uint8Array.from([0, 1, 1, 1]), width: 2, height: 2 };
  const counts = evaluateAll({ numClasses: 3 }, [{ gt, pred, confidence: new Float32Array(4) }]);

  it('an absent class is NaN in mmseg, -1 in torchmetrics, zero_division in smp', () => {
    const report = (name: string) => counts.profiles[name] as { perClass: { IoU: number[] }; summary: { mIoU: number } };
    assert.ok(Number.isNaN(report('mmseg').perClass.IoU[2]));
    assert.equal(report('mmseg').summary.mIoU, (1 / 2 + 2 / 3) / 2);
    assert.equal(report('torchmetrics').perClass.IoU[2], -1);
    assert.equal(report('smp:macro').perClass.IoU[2], 1);
    assert.equal(report('smp:macro').summary.mIoU, (1 / 2 + 2 / 3 + 1) / 3);
  });

  it('per-image profiles need per-image counts; smp reductions are validated', () => {
    const total = createConfusionMatrix({ numClasses: 3 });
    total.update(gt, pred);
    assert.throws(() => scoreWithProfile(profiles.torchmetrics, total), /per-image counts \(an array\) for the torchmetrics/);
    assert.equal(scoreWithProfile(profiles.mmseg, [total]).summary.mIoU, computeMetrics(total).mIoU);
    assert.throws(() => smpProfile('weighted' as never), /micro, macro, micro-imagewise or macro-imagewise/);
  });
});

describe('calibration', () => {
  it('is 0 for calibrated confidences and reports the bins', () => {
    const calibration = createCalibration({ numClasses: 2, bins: 2 });
    const gt: LabelGrid = { labels: Uint8Array.from([0, 0, 1, 1]), width: 4, height: 1 };
    const pred: LabelGrid = { labels: Uint8Array.from([0, 1, 1, 0]), width: 4, height: 1 };
    calibration.update(Float32Array.from([0.25, 0.25, 1, 1]), gt, pred);
    const result = calibration.result();
    assert.deepEqual(result.bins.map((b) => b.pixels), [2, 2]);
    assert.equal(result.ece, (2 / 4) * 0.25 + (2 / 4) * 0.5);
    assert.equal(result.mce, 0.5);
    calibration.reset();
    calibration.update(Float32Array.from([0.5, 0.5, 0.5, 0.5]), gt, pred);
    assert.equal(calibration.result().ece, 0);
  });

  it('rejects confidences outside [0, 1] by pixel and keeps its state', () => {
    const calibration = createCalibration({ numClasses: 2 });
    const gt: LabelGrid = { labels: Uint8Array.from([0, 1, 255, 1]), width: 2, height: 2 };
    calibration.update(Float32Array.from([0.9, 0.8, 0.7, 0.6]), gt, gt);
    const before = calibration.result();
    assert.throws(
      () => calibration.update(Float32Array.from([0.9, 0.8, 0.7, NaN]), gt, gt),
      /^SemsegError: Expected a confidence in \[0, 1\] for confidence at pixel \(x 1, y 1\) but received NaN$/,
    );
    assert.throws(() => calibration.update(new Float32Array(3), gt, gt), /Float32Array of 4 values/);
    calibration.update(Float32Array.from([0.9, 0.8, 5, 0.6]), gt, gt);
    assert.equal(calibration.result().pixels, before.pixels * 2);
  });
});
