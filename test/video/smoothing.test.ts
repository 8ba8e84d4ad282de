import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProbabilitySmoother } from '../../src/video/smoothing.js';
import { changedShare, FlickerMeter } from '../../src/video/flicker.js';
import { frameStatsHeader, frameStatsLine } from '../../src/video/frame-stats-csv.js';
import { checkSmooth } from '../../src/video/frame-loop.js';

const planes = (values: number[]) => ({ data: Float32Array.from(values), classes: 2, width: values.length / 2, height: 1 });

test('the moving average: s0 = p0, then s = alpha * s + (1 - alpha) * p; alpha 0 follows the input', () => {
  const smoother = new ProbabilitySmoother(0.6);
  assert.deepEqual([...smoother.next(planes([1, 0])).data], [1, 0]);
  const second = smoother.next(planes([0, 1])).data;
  assert.ok(Math.abs(second[0] - 0.6) < 1e-6 && Math.abs(second[1] - 0.4) < 1e-6);
  const third = smoother.next(planes([0, 1])).data;
  assert.ok(Math.abs(third[0] - 0.36) < 1e-6 && Math.abs(third[1] - 0.64) < 1e-6);
  const input = planes([0.2, 0.8]);
  const none = new ProbabilitySmoother(0);
  none.next(planes([1, 0]));
  assert.deepEqual([...none.next(input).data], [...input.data]);
  assert.deepEqual([...input.data].map((v) => Math.round(v * 10) / 10), [0.2, 0.8]);
});

test('flicker is the mean share of pixels whose label changes between consecutive frames', () => {
  assert.equal(changedShare([1, 2, 3, 4], [1, 0, 3, 0]), 0.5);
  const meter = new FlickerMeter();
  assert.equal(meter.add(Uint8Array.from([0, 0, 0, 0])), null);
  assert.equal(meter.add(Uint8Array.from([0, 1, 0, 0])), 0.25);
  assert.equal(meter.add(Uint8Array.from([1, 0, 1, 1])), 1);
  assert.equal(meter.transitions, 2);
  assert.equal(meter.mean, 0.625);
});

test('a steady label with a wrong frame now and then flickers; smoothing its probabilities keeps it steady', () => {
  const raw = new FlickerMeter();
  const smoothed = new FlickerMeter();
  const smoother = new ProbabilitySmoother(0.6);
  for (let t = 0; t < 10; t++) {
    const p = t % 3 === 2 ? [0.6, 0.4] : [0.3, 0.7];
    const label = (d: Float32Array) => Uint8Array.from([d[1] > d[0] ? 1 : 0]);
    raw.add(label(Float32Array.from(p)));
    smoothed.add(label(smoother.next({ data: Float32Array.from(p), classes: 2, width: 1, height: 1 }).data));
  }
  // Frames 2, 5, 8 are wrong: 6 of the 9 transitions change the label.
  assert.ok(Math.abs(raw.mean - 6 / 9) < 1e-12);
  assert.equal(smoothed.mean, 0);
});

test('frame statistics CSV: a header naming the shares, one line per frame, empty change on the first', () => {
  assert.equal(frameStatsHeader(['sky', 'a,b']), 'frame,seconds,changed_share,changed_share_unsmoothed,mean_confidence,share_sky,"share_a,b"\n');
  assert.equal(frameStatsLine({ frame: 0, seconds: 0, changed: null, changedRaw: null, meanConfidence: 0.5, shares: [0.25, 0.75] }), '0,0,,,0.5,0.25,0.75\n');
  assert.equal(frameStatsLine({ frame: 3, seconds: 0.1, changed: 1 / 3, changedRaw: 0.5, meanConfidence: 1, shares: [1] }), '3,0.1,0.333333,0.5,1,1\n');
});

test('smooth must lie in 0..<1', () => {
  assert.throws(() => checkSmooth(1), /Expected a number from 0 to below 1 for smooth but received 1/);
  assert.throws(() => checkSmooth(-0.1));
  checkSmooth(0.6);
  checkSmooth(undefined);
});
