/**
 * Shared by the parity tests: read the fixtures written by tools/metrics/make_parity_fixtures.py, run every metric
 * of src/metrics on a set of images, and compare with the fixture's independent values (null = NaN) to 1e-9.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  bootstrapMiou,
  classCounts,
  createBoundaryIoU,
  createCalibration,
  createConfusionMatrix,
  profiles,
  scoreWithProfile,
  smpProfile,
  computeMetrics,
  type ClassCounts,
  type LabelGrid,
  type MetricLabelOptions,
  type SmpReduction,
} from '../../src/metrics/index.js';

export const TOLERANCE = 1e-9;
export const FIXTURES = new URL('../../../test/fixtures/metrics/', import.meta.url);

export interface ImagePair {
  gt: LabelGrid;
  pred: LabelGrid;
  confidence: Float32Array;
}

export type Expected = Record<string, unknown>;

export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as T;
}

/** Numbers compared so far and the largest absolute difference seen (NaN/NaN pairs count as 0). */
export interface Tally {
  values: number;
  maxDifference: number;
}

/** Every number within TOLERANCE (null in the fixture = NaN here); same keys and lengths. */
export function assertClose(actual: unknown, expected: unknown, path: string, tally: Tally = { values: 0, maxDifference: 0 }): Tally {
  if (expected === null) {
    assert.ok(typeof actual === 'number' && Number.isNaN(actual), `${path}: expected NaN, got ${actual}`);
    tally.values++;
  } else if (typeof expected === 'number') {
    assert.equal(typeof actual, 'number', `${path}: expected a number, got ${typeof actual}`);
    const difference = Math.abs((actual as number) - expected);
    assert.ok(difference <= TOLERANCE, `${path}: expected ${expected}, got ${actual}`);
    tally.values++;
    tally.maxDifference = Math.max(tally.maxDifference, difference);
  } else if (Array.isArray(expected)) {
    const list = Array.from(actual as ArrayLike<unknown>);
    assert.equal(list.length, expected.length, `${path}: length`);
    expected.forEach((value, i) => assertClose(list[i], value, `${path}[${i}]`, tally));
  } else if (typeof expected === 'object') {
    for (const [key, value] of Object.entries(expected as object)) {
      assertClose((actual as Record<string, unknown>)[key], value, `${path}.${key}`, tally);
    }
  } else {
    assert.equal(actual, expected, path);
  }
  return tally;
}

/** All metrics of src/metrics for a set of images, in the fixture's layout. */
export function evaluateAll(options: MetricLabelOptions, images: ImagePair[], bootstrap?: { samples: number; seed: number }) {
  const total = createConfusionMatrix(options);
  const image = createConfusionMatrix(options);
  const boundary = createBoundaryIoU(options);
  const calibration = createCalibration(options);
  const perImage: ClassCounts[] = [];
  for (const { gt, pred, confidence } of images) {
    image.reset();
    image.update(gt, pred);
    perImage.push(classCounts(image));
    total.add(image);
    boundary.update(gt, pred);
    calibration.update(confidence, gt, pred);
  }
  const matrix: [number, number][] = [];
  total.counts.forEach((count, k) => {
    if (count !== 0) matrix.push([k, count]);
  });
  const reports: Record<string, unknown> = {
    mmseg: scoreWithProfile(profiles.mmseg, total),
    cityscapes: scoreWithProfile(profiles.cityscapes, perImage),
    torchmetrics: scoreWithProfile(profiles.torchmetrics, perImage),
  };
  for (const reduction of ['micro', 'macro', 'micro-imagewise', 'macro-imagewise'] as SmpReduction[]) {
    reports[`smp:${reduction}`] = scoreWithProfile(smpProfile(reduction), perImage);
  }
  return {
    matrix,
    metrics: computeMetrics(total),
    profiles: reports,
    boundary: boundary.result(),
    calibration: calibration.result(),
    ...(bootstrap ? { bootstrap: bootstrapMiou(perImage, bootstrap) } : {}),
  };
}
