/**
 * One suite for every model family and every way a model reaches semseg (its plain card, a Hugging Face folder, a
 * bare ONNX file through `semseg models import`, a TFLite file through the TFLite importer): the card must agree
 * with the graph, scores resized back must match the PyTorch pipeline within 1e-4, labels at >= 99.99 % of pixels,
 * at native and odd image sizes, and exactly the labels of the JS reference (argmax of the resized score volume) at
 * every pixel; an imported card must match what the family's reference card says.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { importOnnx } from '../../src/models/import/import-onnx.js';
import { parseModelCard } from '../../src/models/card.js';
import { readModelCard } from '../../src/models/read-card.js';
import type { ModelCard } from '../../src/models/card-schema.js';
import { listFixtures, measureFixture, modelFolderFor, type Fixture } from './family-fixtures.js';

const SCORE_TOLERANCE = 1e-4;
const LABEL_AGREEMENT = 0.9999;

const fixtures = listFixtures();
const work = mkdtempSync(join(tmpdir(), 'semseg-families-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** The card an import should arrive at: the fixture's plain card, or what the Hugging Face folder says. */
async function referenceCard(fixture: Fixture): Promise<ModelCard> {
  if (fixture.paths.includes('card')) return readModelCard(join(fixture.dir, 'card.json'));
  return parseModelCard((await importOnnx(fixture.dir)).card);
}

/** What decides how pixels go in and scores come out; names and descriptions may differ. */
function behaviour(card: ModelCard): unknown {
  const { layout, size, resize, interpolation, colorOrder, valueScale, mean, std, dtype, channels } = card.input;
  const { kind, alignCorners } = card.output;
  return { layout, size, resize, interpolation, colorOrder, valueScale, mean, std, dtype, channels, kind, alignCorners, outputLayout: card.output.layout, classes: card.classes.length };
}

test('seven families, each with two variants, and one TFLite fixture', () => {
  const families = new Map<string, number>();
  for (const f of fixtures) families.set(f.reference.family, (families.get(f.reference.family) ?? 0) + 1);
  for (const family of ['U-Net', 'FCN', 'DeepLabV3', 'DeepLabV3+', 'LR-ASPP', 'PSPNet', 'SegFormer']) {
    assert.equal(families.get(family), 2, `${family} variants`);
  }
  assert.ok(fixtures.some((f) => f.paths.includes('tflite')));
  assert.ok(fixtures.some((f) => f.paths.includes('hf-folder')));
});

for (const fixture of fixtures) {
  for (const path of fixture.paths) {
    test(`${fixture.id} via ${path}: scores within ${SCORE_TOLERANCE} and labels >= ${LABEL_AGREEMENT * 100} % of PyTorch`, async () => {
      const folder = await modelFolderFor(fixture, path, work);
      const { card, cases } = await measureFixture(fixture, folder);
      assert.equal(cases.length, fixture.reference.cases.length);
      for (const c of cases) {
        const where = `${c.name} (${c.width}x${c.height})`;
        if (fixture.reference.output !== 'labels') {
          assert.ok(c.maxAbs! <= SCORE_TOLERANCE, `${where}: max |score diff| ${c.maxAbs}`);
          assert.ok(c.channelMeanDiff! <= SCORE_TOLERANCE, `${where}: channel mean diff ${c.channelMeanDiff}`);
        }
        assert.ok(c.labelAgreement >= LABEL_AGREEMENT, `${where}: labels agree at ${(c.labelAgreement * 100).toFixed(4)} %`);
        if (c.referenceMismatches !== undefined) assert.equal(c.referenceMismatches, 0, `${where}: segment() labels equal the JS reference's`);
      }
      if (path === 'card' || path === 'hf-folder') return;
      assert.ok(card.import, 'an imported card records its import');
      assert.equal(card.import.from, path === 'tflite' ? 'tflite' : 'onnx');
      for (const [index, flag] of fixture.reference.importFlags.entries()) {
        if (flag === '--shortest-edge' || flag === '--size') assert.equal(card.import.decisions['input.size'], 'flag');
        if (flag === '--interpolation') assert.equal(card.import.decisions['input.interpolation'], 'flag', `${flag} ${fixture.reference.importFlags[index + 1]}`);
      }
      if (path === 'onnx-import') assert.deepEqual(behaviour(card), behaviour(await referenceCard(fixture)));
    });
  }
}
