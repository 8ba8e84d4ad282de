/** CamVid test set (233 label maps) with a corrupted copy as prediction, against independent sklearn/numpy values. */
import { describe, it } from 'node:test';
import { join } from 'node:path';
import type { MetricLabelOptions } from '../../src/metrics/index.js';
import { CAMVID_ROOT, camvidAvailable, corruptPrediction, readLabelPng, recipeConfidence, type CorruptionRecipe } from './camvid.js';
import { assertClose, evaluateAll, readFixture, type Expected, type ImagePair } from './parity.js';

interface CamvidFixture {
  folder: string;
  files: string[];
  recipe: CorruptionRecipe;
  options: MetricLabelOptions;
  expected: Expected & { bootstrap: { samples: number; seed: number } };
}

const skip = camvidAvailable() ? false : `CamVid not found at ${CAMVID_ROOT} (expected <repo>/../shared/data/camvid)`;

describe('metrics parity: CamVid test set', () => {
  it('matches the independent implementation on every metric', { skip }, async (t) => {
    const fixture = readFixture<CamvidFixture>('camvid.json');
    const images: ImagePair[] = [];
    for (const [index, file] of fixture.files.entries()) {
      const gt = await readLabelPng(join(CAMVID_ROOT, fixture.folder, file));
      const pred = corruptPrediction(gt, index, fixture.recipe);
      images.push({ gt, pred, confidence: recipeConfidence(gt, pred, index, fixture.recipe) });
    }
    const actual = evaluateAll(fixture.options, images, fixture.expected.bootstrap);
    const tally = assertClose(actual, fixture.expected, 'camvid');
    t.diagnostic(`${tally.values} values, max |difference| ${tally.maxDifference.toExponential(2)}`);
  });
});
