import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { jensenShannonDistance, jensenShannonDivergence, psi } from '../../src/monitoring/drift-math.js';
import { seeded } from './helpers.js';

const PYTHON = '/usr/bin/python3';
const scipy = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import scipy.spatial.distance'], { encoding: 'utf8' }).status === 0;


/** A random distribution over k bins, some of them empty. */
function distribution(k: number, random: () => number): number[] {
  const raw = Array.from({ length: k }, () => (random() < 0.2 ? 0 : random()));
  raw[0] += 1e-3; // never all empty
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((v) => v / sum);
}

test('PSI against hand-computed values (epsilon 1e-4 for empty bins)', () => {
  // (0.3-0.5) ln(0.3/0.5) + (0.7-0.5) ln(0.7/0.5)
  assert.ok(Math.abs(psi([0.5, 0.5], [0.3, 0.7]) - (-0.2 * Math.log(0.6) + 0.2 * Math.log(1.4))) < 1e-15);
  assert.ok(Math.abs(psi([0.5, 0.5], [0.3, 0.7]) - 0.1694596) < 1e-6);
  // an empty window bin counts as 1e-4: (1e-4 - 0.1) ln(1e-4 / 0.1) + (1 - 0.9) ln(1 / 0.9)
  const expected = (1e-4 - 0.1) * Math.log(1e-4 / 0.1) + 0.1 * Math.log(1 / 0.9);
  assert.ok(Math.abs(psi([0.1, 0.9], [0, 1]) - expected) < 1e-15);
  assert.ok(Math.abs(psi([0.1, 0.9], [0, 1], 1e-6) - ((1e-6 - 0.1) * Math.log(1e-6 / 0.1) + 0.1 * Math.log(1 / 0.9))) < 1e-15);
});

test('PSI properties: 0 for a distribution with itself, positive otherwise, symmetric', () => {
  const random = seeded(7);
  for (let t = 0; t < 200; t++) {
    const p = distribution(2 + (t % 12), random);
    const q = distribution(p.length, random);
    assert.equal(psi(p, p), 0);
    assert.ok(psi(p, q) >= 0);
    assert.ok(Math.abs(psi(p, q) - psi(q, p)) < 1e-12);
  }
});

test('Jensen-Shannon against hand-computed values: base 2, 1 for disjoint supports', () => {
  assert.equal(jensenShannonDivergence([1, 0], [0, 1]), 1);
  assert.equal(jensenShannonDistance([1, 0], [0, 1]), 1);
  assert.equal(jensenShannonDivergence([0.25, 0.75], [0.25, 0.75]), 0);
  // p = (1, 0), q = (1/2, 1/2): m = (3/4, 1/4); KL(p||m) = log2(4/3); KL(q||m) = (log2(2/3) + log2(2)) / 2
  const expected = (Math.log2(4 / 3) + (Math.log2(2 / 3) + 1) / 2) / 2;
  assert.ok(Math.abs(jensenShannonDivergence([1, 0], [0.5, 0.5]) - expected) < 1e-15);
  // unnormalised inputs are normalised, as scipy does
  assert.ok(Math.abs(jensenShannonDivergence([2, 0], [1, 1]) - expected) < 1e-15);
});

test('Jensen-Shannon properties: symmetric, in [0, 1], 0 only for equal distributions', () => {
  const random = seeded(11);
  for (let t = 0; t < 200; t++) {
    const p = distribution(2 + (t % 20), random);
    const q = distribution(p.length, random);
    const d = jensenShannonDivergence(p, q);
    assert.ok(d >= 0 && d <= 1);
    assert.ok(Math.abs(d - jensenShannonDivergence(q, p)) < 1e-15);
    assert.ok(jensenShannonDivergence(p, p) < 1e-15);
    assert.ok(Math.abs(jensenShannonDistance(p, q) - Math.sqrt(d)) < 1e-15);
  }
});

test('Jensen-Shannon distance equals scipy.spatial.distance.jensenshannon(p, q, base=2)', { skip: scipy ? undefined : `scipy not found for ${PYTHON} (the hand-computed cases still run)` }, () => {
  const random = seeded(3);
  const pairs = Array.from({ length: 50 }, (_, t) => {
    const p = distribution(2 + (t % 15), random);
    return [p, distribution(p.length, random)];
  });
  const script = 'import json, sys\nfrom scipy.spatial.distance import jensenshannon\nprint(json.dumps([float(jensenshannon(p, q, base=2)) for p, q in json.load(sys.stdin)]))';
  const result = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(pairs), encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const oracle = JSON.parse(result.stdout) as number[];
  pairs.forEach(([p, q], i) => assert.ok(Math.abs(jensenShannonDistance(p, q) - oracle[i]) < 1e-12, `pair ${i}: ${jensenShannonDistance(p, q)} vs ${oracle[i]}`));
});
