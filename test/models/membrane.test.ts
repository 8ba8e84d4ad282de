/**
 * The embedded `membrane` model (tools/membrane): located with its card, segments a 512x512 ISBI 2012 EM slice
 * whole, and scores at least 78 % mIoU on the five validation slices 20-24 through `semseg eval`, the command
 * whose figures are in the card. The data tests skip when ../shared is absent.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadModel } from '../../src/models/load.js';
import { readModelCard } from '../../src/models/read-card.js';
import { findEmbeddedModel } from '../../src/models/registry.js';
import { predict } from '../../src/pipeline/predict.js';
import { repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';

const folder = join(repoRoot, 'models', 'membrane');
const emRoot = join(repoRoot, '..', 'shared', 'data', 'isbi-em');
const needsEm = existsSync(join(emRoot, 'images', '20.png')) ? {} : { skip: `ISBI EM slices not found at ${emRoot} (../shared is absent)` };

test('the embedded membrane model is located in the package, with a 1-channel card and its two classes', async () => {
  const entry = findEmbeddedModel('membrane');
  assert.ok(entry, 'membrane is registered');
  assert.equal(entry.isDefault, false);
  const paths = await entry.locate();
  assert.deepEqual(paths, { onnxPath: join(folder, 'model.onnx'), cardPath: join(folder, 'card.json') });
  const card = await readModelCard(paths.cardPath);
  assert.equal(card.name, 'membrane');
  assert.deepEqual(card.classes.map((c) => [c.name, c.color]), [['membrane', [0, 0, 0]], ['interior', [255, 255, 255]]]);
  assert.equal(card.input.channels, 1);
  assert.deepEqual(card.input.size, { mode: 'dynamic', multipleOf: 16 });
  assert.match(card.license, /ISBI 2012/);
});

test('the membrane model segments a 512x512 EM slice at full size, membrane a plausible share', needsEm, async () => {
  const model = await loadModel('membrane', { workers: 1, threadsPerWorker: 1 });
  try {
    const { map } = await predict(model, join(emRoot, 'images', '20.png'), { outputs: [] });
    assert.deepEqual([map.width, map.height], [512, 512]);
    let membrane = 0;
    for (const label of map.labels) if (label === 0) membrane++;
    // the ground truth of slice 20 is 22.8 % membrane
    const share = membrane / map.labels.length;
    assert.ok(share > 0.15 && share < 0.3, `membrane share ${share}`);
  } finally {
    await model.dispose();
  }
});

test('semseg eval: the membrane model scores mIoU >= 78 % on validation slices 20-24', needsEm, async () => {
  const out = await mkdtemp(join(tmpdir(), 'semseg-membrane-'));
  try {
    const result = await runCli([
      'eval', '--model', 'membrane', '--dataset', `folder:${emRoot}`, '--pattern', '{images/2[0-4].png,labels/2[0-4].png}',
      '--classes', join(folder, 'card.json'), '--label-encoding', 'colors', '--out', out, '--report', 'json',
      '--bootstrap', '0', '--no-boundary', '--no-calibration', '--workers', '1', '--threads', '1', '--no-progress',
    ]);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    assert.deepEqual(report.images.map((i: { id: string }) => i.id).sort(), ['20', '21', '22', '23', '24']);
    assert.ok(report.metrics.mIoU >= 0.78, `val mIoU ${report.metrics.mIoU}`);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
