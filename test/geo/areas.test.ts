/** Class areas: the ellipsoidal zone formula against known constants and a numerical integration; planar areas. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AreaAccumulator, areaMethod, cellArea, ellipsoidOf, WGS84 } from '../../src/geo/areas.js';
import { encodeAreasCsv, geoSummary } from '../../src/geo/area-report.js';

const close = (actual: number, expected: number, relative: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${what}: ${actual} vs ${expected}`);

test('the whole WGS84 ellipsoid is 510,065,621.724 km² (its published surface area)', () => {
  close(cellArea(-90, 90, 360), 510_065_621.724e6, 1e-11, 'surface');
});

test('a cell equals the integral of M(φ)·N(φ)·cosφ over it (midpoint rule), at any latitude', () => {
  const { a, es } = WGS84;
  const rad = Math.PI / 180;
  for (const [lat1, lat2, lon] of [[0, 1, 1], [45, 45.01, 0.02], [-70, -69.5, 3], [89, 90, 1]]) {
    let sum = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const phi = (lat1 + ((i + 0.5) / n) * (lat2 - lat1)) * rad;
      const w = 1 - es * Math.sin(phi) ** 2;
      sum += ((a * (1 - es)) / w ** 1.5) * (a / Math.sqrt(w)) * Math.cos(phi);
    }
    close(cellArea(lat1, lat2, lon), sum * ((lat2 - lat1) * rad / n) * lon * rad, 1e-8, `${lat1}..${lat2}`);
  }
});

test('a 1°x1° cell at the equator is 12,308.46 km² on WGS84 and 12,363.7 km² on a 6371 km sphere', () => {
  close(cellArea(0, 1, 1) / 1e6, 12308.46, 1e-6, 'WGS84');
  const r = 6371000;
  const sphere = { name: 'sphere', a: r, es: 0 };
  close(cellArea(0, 1, 1, sphere), r * r * (Math.PI / 180) * Math.sin(Math.PI / 180), 1e-12, 'sphere');
  close(cellArea(0, 1, 1, sphere) / 1e6, 12363.7, 1e-5, 'sphere value');
});

test("proj4's ellipsoids: NAD83 is GRS80, an unknown code falls back to WGS84", () => {
  assert.equal(ellipsoidOf(4269).name, 'GRS80');
  assert.equal(ellipsoidOf(4326).name, 'WGS84');
  assert.equal(ellipsoidOf(999999).name, 'WGS84');
});

test('planar areas: pixels x |det| of the geotransform in m², feet converted; geographic rows differ by latitude', () => {
  const labels = Uint8Array.from([0, 1, 1, 255, 2, 2, 2, 2]);
  const meta = { affine: [1000, 2, 0, 5000, 0, -3], crs: 'EPSG:32633', geo: { geographic: false, metresPerUnit: 0.3048 } };
  const method = areaMethod(meta)!;
  close(method.pixelM2!, 6 * 0.3048 ** 2, 1e-15, 'pixel');
  const areas = new AreaAccumulator(method, meta.affine, 4, 2);
  areas.add(labels.subarray(0, 4), 0, 1);
  areas.add(labels.subarray(4), 1, 1);
  assert.deepEqual([...areas.m2].map((v) => v / method.pixelM2!), [1, 2, 4]);
  const stats = [0, 1, 2].map((id) => ({ id, name: `c${id}`, pixels: [1, 2, 4][id], share: 0, meanConfidence: null }));
  const csv = new TextDecoder().decode(encodeAreasCsv(stats, geoSummary(meta, areas, stats, 1, 255)));
  assert.equal(csv.split('\n')[3], `2,c2,4,${(4 * method.pixelM2!).toFixed(3)},${((4 * method.pixelM2!) / 1e4).toFixed(6)}`);
  assert.equal(csv.split('\n')[4], ',nodata,1,,');
  const geographic = { affine: [10, 1, 0, 60, 0, -1], crs: 'EPSG:4326', geo: { geographic: true } };
  const rows = new AreaAccumulator(areaMethod(geographic)!, geographic.affine, 1, 0);
  rows.add(Uint8Array.from([0]), 0, 1);
  close(rows.m2[0], cellArea(59, 60, 1), 1e-15, 'row 0');
  assert.equal(areaMethod({ affine: [10, 1, 0.1, 60, 0, -1], geo: { geographic: true } }), undefined);
});
