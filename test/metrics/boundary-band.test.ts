import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boundaryDilation, markBoundaryBand } from '../../src/metrics/boundary-band.js';
import { mulberry32 } from '../../src/metrics/prng.js';

/** Reference: a pixel is interior iff its (2d+1)^2 window lies inside the image and has only its own code. */
function bruteForce(codes: Int32Array, width: number, height: number, d: number): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let interior = y >= d && y < height - d && x >= d && x < width - d;
      for (let v = y - d; interior && v <= y + d; v++) {
        for (let u = x - d; interior && u <= x + d; u++) interior = codes[v * width + u] === codes[y * width + x];
      }
      out[y * width + x] = interior ? 0 : 1;
    }
  }
  return out;
}

function blockyCodes(width: number, height: number, cell: number, random: () => number): Int32Array {
  const cols = Math.ceil(width / cell);
  const cells = Array.from({ length: cols * Math.ceil(height / cell) }, () => Math.floor(random() * 4) - 1);
  return Int32Array.from({ length: width * height }, (_, i) => {
    const x = i % width;
    const y = (i - x) / width;
    return random() < 0.02 ? 7 : cells[Math.floor(y / cell) * cols + Math.floor(x / cell)];
  });
}

describe('markBoundaryBand', () => {
  it('equals the erosion definition for many sizes and depths', () => {
    const random = mulberry32(5);
    for (const [width, height] of [[1, 1], [1, 9], [9, 1], [7, 5], [23, 17], [40, 31]]) {
      for (const d of [1, 2, 3, 5, 12]) {
        const codes = blockyCodes(width, height, 1 + Math.floor(random() * 8), random);
        const band = new Uint8Array(width * height);
        markBoundaryBand(codes, width, height, d, band, new Int32Array(width));
        assert.deepEqual(band, bruteForce(codes, width, height, d), `${width}x${height} d=${d}`);
      }
    }
  });

  it('uses the reference dilation: max(1, round(0.02 x diagonal)), Python rounding', () => {
    assert.equal(boundaryDilation(480, 360, 0.02), 12);
    assert.equal(boundaryDilation(2048, 1024, 0.02), 46);
    assert.equal(boundaryDilation(10, 10, 0.02), 1);
    assert.equal(boundaryDilation(3, 4, 0.5), 2);
    assert.equal(boundaryDilation(3, 4, 0.7), 4);
  });
});
