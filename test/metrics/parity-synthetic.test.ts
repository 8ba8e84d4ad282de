/** Edge cases from test/fixtures/metrics/synthetic.json against independent sklearn/numpy values. */
import { describe, it } from 'node:test';
import type { MetricLabelOptions } from '../../src/metrics/index.js';
import { assertClose, evaluateAll, readFixture, type Expected, type ImagePair } from './parity.js';

interface Encoded {
  dtype: 'uint8' | 'uint16';
  base64: string;
}

interface SyntheticCase {
  name: string;
  options: MetricLabelOptions;
  images: { width: number; height: number; gt: Encoded; pred: Encoded; confidence255: Encoded }[];
  expected: Expected & { bootstrap?: { samples: number; seed: number } };
}

function decode(encoded: Encoded): Uint8Array | Uint16Array {
  const bytes = Buffer.from(encoded.base64, 'base64');
  const copy = new Uint8Array(bytes).buffer;
  return encoded.dtype === 'uint16' ? new Uint16Array(copy) : new Uint8Array(copy);
}

function toPair(image: SyntheticCase['images'][number]): ImagePair {
  const { width, height } = image;
  const codes = decode(image.confidence255);
  return {
    gt: { labels: decode(image.gt), width, height },
    pred: { labels: decode(image.pred), width, height },
    confidence: Float32Array.from(codes, (k) => k / 255),
  };
}

const { cases } = readFixture<{ cases: SyntheticCase[] }>('synthetic.json');

describe('metrics parity: synthetic edge cases', () => {
  for (const testCase of cases) {
    it(testCase.name, (t) => {
      const actual = evaluateAll(testCase.options, testCase.images.map(toPair), testCase.expected.bootstrap);
      const tally = assertClose(actual, testCase.expected, testCase.name);
      t.diagnostic(`${tally.values} values, max |difference| ${tally.maxDifference.toExponential(2)}`);
    });
  }
});
