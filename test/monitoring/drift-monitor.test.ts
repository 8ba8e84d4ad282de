import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DriftMonitor, defaultMinImages } from '../../src/monitoring/drift-monitor.js';
import type { DriftReport, DriftStatus } from '../../src/monitoring/drift-report.js';
import { binShares } from '../../src/monitoring/histogram.js';
import { jensenShannonDivergence, psi } from '../../src/monitoring/drift-math.js';
import { buildQualityProfile } from '../../src/monitoring/quality-profile.js';
import { MODEL, syntheticStream } from './helpers.js';

const reference = buildQualityProfile(MODEL, syntheticStream(2000, 1));
const coded = (pattern: RegExp) => (e: Error & { code?: string }) => e.code === 'INVALID_ARGUMENT' && pattern.test(e.message);

test('traffic like the reference stays ok; every figure is below the warning threshold', () => {
  const monitor = new DriftMonitor(reference);
  assert.equal(monitor.minImages, 180, '10 bins: 20 images per degree of freedom');
  for (const q of syntheticStream(500, 2)) monitor.observe(q);
  const report = monitor.report();
  assert.equal(report.status, 'ok');
  assert.equal(report.window, 500);
  const figures = [...report.classes.map((c) => c.psi), report.overall!.confidence!.psi, report.overall!.lowConfidence!.psi, report.overall!.entropy!.psi, report.overall!.classDistribution.distance];
  figures.forEach((v) => assert.ok(v >= 0 && v < 0.1, `figure ${v}`));
  assert.ok(report.worst && report.worst.value === Math.max(...figures) && report.worst.status === 'ok');
});

test('insufficient below minImages; then lower confidence alerts once, naming the worst figure', () => {
  const alerts: DriftReport[] = [];
  const changes: [DriftStatus, DriftStatus][] = [];
  const monitor = new DriftMonitor(reference, { minImages: 50, onAlert: (r) => alerts.push(r), onStatusChange: (r, previous) => changes.push([previous, r.status]) });
  const empty = monitor.report();
  assert.deepEqual({ status: empty.status, window: empty.window, overall: empty.overall, classes: empty.classes, worst: empty.worst }, { status: 'insufficient', window: 0, overall: null, classes: [], worst: null });
  const shifted = syntheticStream(300, 3, { confidence: -0.2 });
  shifted.slice(0, 49).forEach((q) => assert.equal(monitor.observe(q), 'insufficient'));
  assert.equal(monitor.observe(shifted[49]), 'alert');
  shifted.slice(50).forEach((q) => monitor.observe(q));
  assert.equal(alerts.length, 1);
  assert.deepEqual(changes, [['insufficient', 'alert']]);
  assert.equal(alerts[0].window, 50);
  assert.ok(['confidence', 'lowConfidence', 'entropy'].includes(alerts[0].worst!.figure), alerts[0].worst!.figure);
  assert.ok(alerts[0].overall!.confidence!.windowMean < alerts[0].overall!.confidence!.referenceMean - 0.15);
});

test('the window rolls: once the shifted images have left it, the status returns to ok', () => {
  const changes: DriftStatus[] = [];
  const monitor = new DriftMonitor(reference, { window: 200, minImages: 50, onStatusChange: (r) => changes.push(r.status) });
  syntheticStream(200, 4, { car: 3 }).forEach((q) => monitor.observe(q));
  assert.equal(monitor.status, 'alert');
  const shifted = monitor.report();
  assert.match(shifted.worst!.figure, /^class:/);
  assert.equal(shifted.classes.find((c) => c.name === 'car')!.status, 'alert');
  assert.ok(shifted.classes.find((c) => c.name === 'car')!.windowMean > 0.3);
  syntheticStream(200, 5).forEach((q) => monitor.observe(q));
  assert.equal(monitor.status, 'ok');
  assert.equal(changes[0], 'alert');
  assert.equal(changes[changes.length - 1], 'ok');
  const report = monitor.report();
  assert.equal(report.images, 400);
  assert.equal(report.window, 200);
});

test('the figures equal PSI and Jensen-Shannon of the last N images computed from scratch (ring, sums, bins)', () => {
  const monitor = new DriftMonitor(reference, { window: 100 });
  const stream = [...syntheticStream(700, 6), ...syntheticStream(534, 7, { confidence: -0.05, car: 1.5 })];
  stream.forEach((q) => monitor.observe(q));
  const last = stream.slice(-100);
  const report = monitor.report();
  reference.classes.forEach((c, i) => {
    const expected = psi(c.share.proportions, binShares(c.share.edges, last.map((q) => q.classShare[i])));
    assert.ok(Math.abs(report.classes[i].psi - expected) < 1e-12, c.name);
    const mean = last.reduce((s, q) => s + q.classShare[i], 0) / 100;
    assert.ok(Math.abs(report.classes[i].windowMean - mean) < 1e-12);
  });
  const confidence = psi(reference.confidence!.proportions, binShares(reference.confidence!.edges, last.map((q) => q.meanConfidence!)));
  assert.ok(Math.abs(report.overall!.confidence!.psi - confidence) < 1e-12);
  const windowDistribution = reference.classes.map((_, i) => last.reduce((s, q) => s + q.classShare[i], 0) / 100);
  const divergence = jensenShannonDivergence(windowDistribution, reference.classDistribution);
  assert.ok(Math.abs(report.overall!.classDistribution.divergence - divergence) < 1e-12);
  assert.ok(Math.abs(report.overall!.classDistribution.distance - Math.sqrt(divergence)) < 1e-12);
});

test('thresholds are configurable; options and observations are checked', () => {
  const strict = new DriftMonitor(reference, { warn: 0.001, alert: 0.002, minImages: 30 });
  syntheticStream(100, 8).forEach((q) => strict.observe(q));
  assert.equal(strict.status, 'alert');
  assert.deepEqual(strict.report().thresholds, { warn: 0.001, alert: 0.002 });
  assert.throws(() => new DriftMonitor(reference, { warn: 0.3, alert: 0.2 }), coded(/Expected a number at least warn \(0\.3\) for alert but received 0\.2/));
  assert.throws(() => new DriftMonitor(reference, { window: 0 }), coded(/for window but received 0/));
  assert.throws(() => new DriftMonitor(reference, { window: 10, minImages: 11 }), coded(/Expected an integer from 1 to 10 for minImages but received 11/));
  assert.equal(new DriftMonitor(reference, { window: 50 }).minImages, 50, 'never more than the window');
  const monitor = new DriftMonitor(reference);
  const [q] = syntheticStream(1, 9);
  assert.throws(() => monitor.observe({ ...q, classShare: [1, 0] }), coded(/Expected 3 class shares/));
  assert.throws(() => monitor.observe({ ...q, lowConfidenceThreshold: 0.4 }), coded(/low-confidence threshold 0\.5/));
  assert.throws(() => monitor.observe({ ...q, meanEntropy: null }), coded(/Expected a number \(the profile has meanEntropy\) for quality\.meanEntropy but received null/));
  assert.equal(monitor.report().images, 0, 'a refused observation is not counted');
});

test('a model without confidence: those figures are null, the class figures still judge', () => {
  const stats = syntheticStream(300, 10).map((s) => ({ ...s, meanConfidence: null, lowConfidenceShare: null, meanEntropy: null }));
  const profile = buildQualityProfile(MODEL, stats);
  const monitor = new DriftMonitor(profile);
  syntheticStream(300, 11, { car: 3 }).forEach((s) => monitor.observe({ ...s, meanConfidence: null, lowConfidenceShare: null, meanEntropy: null }));
  const report = monitor.report();
  assert.equal(report.overall!.confidence, null);
  assert.equal(report.overall!.entropy, null);
  assert.equal(report.status, 'alert');
});

test('default minImages follows the largest histogram: 20 images per degree of freedom, at least 30', () => {
  assert.equal(defaultMinImages(buildQualityProfile(MODEL, syntheticStream(40, 12))), 30);
  assert.equal(defaultMinImages(buildQualityProfile(MODEL, syntheticStream(116, 12))), 80);
  assert.equal(defaultMinImages(reference, 100), 100);
});
