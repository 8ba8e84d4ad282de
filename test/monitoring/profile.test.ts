import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildQualityProfile, defaultBins } from '../../src/monitoring/quality-profile.js';
import { checkProfileModel, parseQualityProfile } from '../../src/monitoring/profile-schema.js';
import { readQualityProfile, writeQualityProfile } from '../../src/monitoring/profile-file.js';
import { MODEL, syntheticStream } from './helpers.js';

const coded = (code: string, pattern: RegExp) => (e: Error & { code?: string }) => e.code === code && pattern.test(e.message);

test('a profile: versioned, one share histogram per class, confidence / low-confidence / entropy histograms, class distribution', () => {
  const stats = syntheticStream(300, 1);
  const profile = buildQualityProfile(MODEL, stats, { createdAt: '2026-01-01T00:00:00.000Z', source: 'synthetic' });
  assert.equal(profile.format, 'semseg-quality-profile');
  assert.equal(profile.version, 1);
  assert.deepEqual(profile.model, { name: 'synthetic', version: '1' });
  assert.equal(profile.images, 300);
  assert.equal(profile.bins, 10);
  assert.equal(profile.lowConfidenceThreshold, 0.5);
  assert.deepEqual(profile.classes.map((c) => c.name), ['road', 'sky', 'car']);
  for (const h of [...profile.classes.map((c) => c.share), profile.confidence!, profile.lowConfidence!, profile.entropy!]) {
    assert.equal(h.proportions.length, 10);
    assert.equal(h.edges.length, 9);
  }
  assert.ok(Math.abs(profile.classDistribution.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  const meanConfidence = stats.reduce((s, q) => s + q.meanConfidence!, 0) / 300;
  assert.ok(Math.abs(profile.confidence!.mean - meanConfidence) < 1e-12);
});

test('default bins: 10 from 200 images, one per 20 below (at least 2)', () => {
  assert.deepEqual([10, 58, 116, 199, 200, 100000].map(defaultBins), [2, 2, 5, 9, 10, 10]);
});

test('building refuses too few images, mismatched class lists and thresholds, confidence in some images only', () => {
  assert.throws(() => buildQualityProfile(MODEL, syntheticStream(9, 1)), coded('INVALID_ARGUMENT', /Expected at least 10 images for the reference profile but received 9/));
  const stats = syntheticStream(20, 2);
  assert.throws(() => buildQualityProfile(MODEL, [...stats, { ...stats[0], classShare: [1] }]), coded('INVALID_ARGUMENT', /Expected 3 class shares/));
  assert.throws(() => buildQualityProfile(MODEL, [...stats, { ...stats[0], lowConfidenceThreshold: 0.3 }]), coded('INVALID_ARGUMENT', /one low-confidence threshold/));
  assert.throws(() => buildQualityProfile(MODEL, [...stats, { ...stats[0], meanConfidence: null }]), coded('INVALID_ARGUMENT', /meanConfidence in every image or in none/));
  assert.throws(() => buildQualityProfile(MODEL, stats, { bins: 1 }), coded('INVALID_ARGUMENT', /Expected an integer from 2 to 100 for bins but received 1/));
  // a model without confidence (label outputs): those histograms are null
  const labelsOnly = stats.map((s) => ({ ...s, meanConfidence: null, lowConfidenceShare: null, meanEntropy: null }));
  const profile = buildQualityProfile(MODEL, labelsOnly);
  assert.equal(profile.confidence, null);
  assert.equal(profile.entropy, null);
});

test('written and read back unchanged; malformed files are refused with a coded message naming the problem', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-profile-'));
  const profile = buildQualityProfile(MODEL, syntheticStream(50, 3), { bins: 5 });
  const path = join(dir, 'ref.json');
  await writeQualityProfile(path, profile);
  assert.deepEqual(await readQualityProfile(path), profile);
  const raw = JSON.parse(await readFile(path, 'utf8'));

  await assert.rejects(readQualityProfile(join(dir, 'missing.json')), coded('IO_FAILED', /Expected a readable quality profile at .*missing\.json but the file system answered ENOENT/));
  await writeFile(join(dir, 'text.json'), 'not json');
  await assert.rejects(readQualityProfile(join(dir, 'text.json')), coded('INVALID_ARGUMENT', /text that is not JSON/));
  assert.throws(() => parseQualityProfile({ ...raw, format: 'something-else' }, 'x.json'), coded('INVALID_ARGUMENT', /^Expected a semseg-quality-profile \(version 1\) for x\.json but received: format: /));
  assert.throws(() => parseQualityProfile({ ...raw, version: 2 }, 'x.json'), coded('INVALID_ARGUMENT', /^Expected a semseg-quality-profile of version 1 for x\.json but received version 2$/));
  const badShares = structuredClone(raw);
  badShares.confidence.proportions[0] += 0.5;
  assert.throws(() => parseQualityProfile(badShares), coded('INVALID_ARGUMENT', /confidence\.proportions: expected proportions summing to 1/));
  const badEdges = structuredClone(raw);
  badEdges.classes[1].share.edges.reverse();
  assert.throws(() => parseQualityProfile(badEdges), coded('INVALID_ARGUMENT', /classes\.1\.share\.edges: expected strictly increasing edges/));
  const short = structuredClone(raw);
  short.classDistribution.pop();
  assert.throws(() => parseQualityProfile(short), coded('INVALID_ARGUMENT', /classDistribution: expected 3 entries/));
  assert.throws(() => parseQualityProfile({ ...raw, extra: 1 }), coded('INVALID_ARGUMENT', /Unrecognized key/));
});

test('a profile of another model, model version or class list is refused with MODEL_MISMATCH', () => {
  const profile = buildQualityProfile(MODEL, syntheticStream(20, 4));
  checkProfileModel(profile, MODEL);
  assert.throws(() => checkProfileModel(profile, { ...MODEL, name: 'street' }, 'ref.json'), coded('MODEL_MISMATCH', /^Expected a profile of model street version 1 for ref\.json but received one of model synthetic version 1$/));
  assert.throws(() => checkProfileModel(profile, { ...MODEL, version: '2' }), coded('MODEL_MISMATCH', /version 2 .* one of model synthetic version 1/));
  assert.throws(() => checkProfileModel(profile, { ...MODEL, classes: MODEL.classes.slice(0, 2) }), coded('MODEL_MISMATCH', /the 2 classes of model synthetic .* one of 3 classes/));
  const renamed = MODEL.classes.map((c) => (c.id === 2 ? { ...c, name: 'truck' } : c));
  assert.throws(() => checkProfileModel(profile, { ...MODEL, classes: renamed }), coded('MODEL_MISMATCH', /class 2 "truck" .* received class 2 "car"/));
});
