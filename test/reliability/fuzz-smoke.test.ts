/**
 * The CI subset of `npm run fuzz` (seed 1: 200 mutated images of all five formats in two predict batches with
 * controls, odd names and planted links, 40 mutated label files through eval, 12 mutated models or cards, symbolic
 * link loops and an --out that is a file). Any finding fails the test, and the message lists every one of them with
 * an example and the command that shows it; reproducers stay in the printed folder.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SMOKE } from '../../bench/fuzz/presets.js';
import { describeFindings, writeReports } from '../../bench/fuzz/report.js';
import { runFuzz } from '../../bench/fuzz/run-fuzz.js';
import { repoRoot } from '../helpers/paths.js';

test('hostile images, label files, models, cards and paths: no crash, no hang, no write outside --out, coded one-line errors, complete summaries, identical controls', { timeout: 600_000 }, async () => {
  const out = await mkdtemp(join(tmpdir(), 'semseg-fuzz-smoke-'));
  const result = await runFuzz({ ...SMOKE, seed: 1, out, repoRoot });
  await writeReports(out, result);
  const found = result.findings.reduce((s, f) => s + f.count, 0);
  const early = result.done.stoppedByTime ? ` The run stopped at its ${SMOKE.seconds} s limit after ${result.done.images} images and ${result.done.models} models.` : '';
  assert.equal(found, 0, `${found} fuzz findings.${early} Report and reproducers: ${out}\n${describeFindings(result.findings)}`);
  assert.equal(result.done.stoppedByTime, false, `no findings, but${early}`);
  // Kept when anything failed: the reproducers are the point of the message above.
  await rm(out, { recursive: true });
});
