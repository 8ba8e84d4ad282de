import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labelMapToGeojson } from '../../src/vectors/geojson.js';
import type { GeoFeatureCollection, VectorOptions } from '../../src/vectors/types.js';
import { SemsegError } from '../../src/core/errors.js';
import type { LabelMap } from '../../src/core/types.js';
import { camvidRoot, needsCamvid } from '../helpers/paths.js';
import { readLabelPng } from '../metrics/camvid.js';
import { gdalPolygonize, geometryArea, georeferencedRaster, needsGdal, ogrCounts, scratchDir, type OracleFeature } from './gdal.js';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Blobs with holes, thin lines and diagonal contacts: a few classes, mostly copied from a neighbour. */
function smoothLabels(width: number, height: number, classes: number, seed: number): Uint8Array {
  const rand = random(seed);
  const labels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const r = rand();
      if (r < 0.35 && x > 0) labels[i] = labels[i - 1];
      else if (r < 0.7 && y > 0) labels[i] = labels[i - width];
      else labels[i] = Math.floor(rand() * classes);
    }
  }
  return labels;
}

/** Voronoi cells of random seeds, a class each: long straight-ish boundaries, few junctions. */
function cellLabels(width: number, height: number, cells: number, classes: number, seed: number): Uint8Array {
  const rand = random(seed);
  const seeds = Array.from({ length: cells }, () => [rand() * width, rand() * height]);
  const labels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let best = 0;
      seeds.forEach(([sx, sy], k) => {
        if (Math.hypot(sx - x, sy - y) < Math.hypot(seeds[best][0] - x, seeds[best][1] - y)) best = k;
      });
      labels[y * width + x] = best % classes;
    }
  }
  return labels;
}

function mapOf(labels: Uint8Array, width: number, height: number, meta?: LabelMap['meta']): LabelMap {
  const classes = Array.from({ length: 256 }, (_, id) => ({ id, name: `class ${id}`, color: [id, id, id] as [number, number, number] }));
  return { labels, width, height, classes, meta };
}

function polygonsOf(collection: GeoFeatureCollection): number[][][][][] {
  return collection.features.map((f) => (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates));
}

function signedArea(ring: number[][]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return sum / 2;
}

/** Rings closed, shells counter-clockwise, holes clockwise (RFC 7946 3.1.6); every feature's area its pixels'. */
function checkRings(collection: GeoFeatureCollection, pixelArea?: number): void {
  for (const [k, polygons] of polygonsOf(collection).entries()) {
    for (const [shell, ...holes] of polygons) {
      for (const ring of [shell, ...holes]) {
        assert.ok(ring.length >= 4);
        assert.deepEqual(ring[0], ring[ring.length - 1], 'ring closed');
      }
      assert.ok(signedArea(shell) > 0, 'shell counter-clockwise');
      for (const hole of holes) assert.ok(signedArea(hole) < 0, 'hole clockwise');
    }
    const feature = collection.features[k];
    if (pixelArea === undefined) continue;
    assert.equal(feature.properties.area, feature.properties.pixels * pixelArea);
    assert.ok(Math.abs(geometryArea(feature.geometry) - feature.properties.area) < 1e-6 * feature.properties.area);
  }
}

test('a square with a hole, a hole touching its shell at a corner, and diagonal pixels by 4 and by 8', () => {
  // 0 0 0 0 0
  // 0 1 1 1 0
  // 0 1 2 1 0
  // 0 1 1 2 0
  // 0 0 0 0 2
  const labels = Uint8Array.from([0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1, 2, 1, 0, 0, 1, 1, 2, 0, 0, 0, 0, 0, 2]);
  const four = labelMapToGeojson(mapOf(labels, 5, 5), { connectivity: 4 });
  checkRings(four, 1);
  const summary = (c: GeoFeatureCollection) => c.features.map((f) => [f.properties.class_id, f.properties.pixels, f.geometry.type, f.geometry.coordinates.length]);
  // Class 1: a ring of 7 pixels whose hole (the 2 at (2,2)) touches its shell at the corner (3,3); class 0's hole
  // (the whole block) touches its shell at (4,4), where the last 2 sits diagonally.
  assert.deepEqual(summary(four), [[0, 15, 'Polygon', 2], [1, 7, 'Polygon', 2], [2, 1, 'Polygon', 1], [2, 1, 'Polygon', 1], [2, 1, 'Polygon', 1]]);
  const [shell, hole] = (four.features[1].geometry.coordinates as number[][][]).map((ring) => cornerSet(ring));
  assert.deepEqual(shell, cornerSet([[1, 1], [4, 1], [4, 3], [3, 3], [3, 4], [1, 4]]));
  assert.deepEqual(hole, cornerSet([[2, 2], [3, 2], [3, 3], [2, 3]]));
  const eight = labelMapToGeojson(mapOf(labels, 5, 5), { connectivity: 8 });
  checkRings(eight, 1);
  assert.deepEqual(summary(eight), [[0, 15, 'Polygon', 2], [1, 7, 'Polygon', 2], [2, 3, 'MultiPolygon', 3]]);
  assert.deepEqual(four.semseg, { coordinates: 'pixels', sourceCrs: null, areaUnit: 'pixels', connectivity: 4, simplify: 0, minArea: 0 });
});

/** A ring's corners as a sorted list (a ring has no canonical first corner). */
function cornerSet(ring: number[][]): string[] {
  return [...new Set(ring.map((p) => p.join(',')))].sort();
}

/** Per-class sorted areas: GDAL's and ours must give the same polygons, class by class, within 0.1 %. */
function compareWithGdal(ours: GeoFeatureCollection, gdal: OracleFeature[], label: string): void {
  assert.equal(ours.features.length, gdal.length, `${label}: polygon count`);
  const key = (classId: number, area: number) => `${classId}:${area.toFixed(3)}`;
  const oursAreas = ours.features.map((f) => [f.properties.class_id, geometryArea(f.geometry)] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const gdalAreas = gdal.map((f) => [Number(f.properties.DN), geometryArea(f.geometry)] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (let i = 0; i < oursAreas.length; i++) {
    const [c, a] = oursAreas[i];
    const [gc, ga] = gdalAreas[i];
    assert.equal(c, gc, `${label}: class of polygon ${i} (${key(c, a)} vs ${key(gc, ga)})`);
    assert.ok(Math.abs(a - ga) <= 1e-3 * ga, `${label}: area of polygon ${i} (${key(c, a)} vs ${key(gc, ga)})`);
  }
}

function writeJson(dir: string, name: string, value: unknown): string {
  const path = join(dir, `${name}.geojson`);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

async function parityCase(labels: Uint8Array, width: number, height: number, label: string): Promise<void> {
  const dir = scratchDir();
  const raster = georeferencedRaster(dir, labels, width, height, 500000, 4100000, 10);
  for (const connectivity of [4, 8] as const) {
    const options: VectorOptions = { connectivity, crs: 'source' };
    const ours = labelMapToGeojson(mapOf(labels, width, height, { affine: raster.affine, crs: 'EPSG:32633' }), options);
    checkRings(ours, 100);
    assert.deepEqual(ours.crs, { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::32633' } });
    compareWithGdal(ours, gdalPolygonize(dir, raster.path, connectivity), `${label}, ${connectivity}-connectivity`);
    const path = writeJson(dir, `ours-${connectivity}`, ours);
    assert.deepEqual(ogrCounts(path, `ours-${connectivity}`), { invalid: 0, total: ours.features.length }, `${label}, ${connectivity}-connectivity: ogrinfo validity`);
  }
}

test('synthetic rasters: the same polygons and areas as gdal_polygonize (4 and -8), all valid for GEOS', needsGdal(), async () => {
  for (const [seed, width, height, classes] of [[1, 61, 43, 3], [3, 80, 50, 5]]) {
    await parityCase(smoothLabels(width, height, classes, seed), width, height, `seed ${seed}`);
  }
});

test('CamVid ground truth: the same polygons and areas as gdal_polygonize, all valid for GEOS', { ...needsGdal(), ...(needsGdal().skip ? {} : needsCamvid()) }, async () => {
  for (const name of ['0001TP_008550.png', 'Seq05VD_f01710.png']) {
    const grid = await readLabelPng(join(camvidRoot, 'testannot', name));
    await parityCase(grid.labels as Uint8Array, grid.width, grid.height, name);
  }
});

test('WGS 84 output matches ogr2ogr -t_srs EPSG:4326 of the source-CRS output', needsGdal(), () => {
  const dir = scratchDir();
  const labels = smoothLabels(40, 30, 3, 9);
  const map = mapOf(labels, 40, 30, { affine: [500000, 10, 0, 4100000, 0, -10], crs: 'EPSG:32633' });
  const source = writeJson(dir, 'source', labelMapToGeojson(map, { crs: 'source' }));
  const wgs84 = labelMapToGeojson(map);
  assert.equal(wgs84.crs, undefined);
  assert.equal(wgs84.semseg.coordinates, 'wgs84');
  checkRings(wgs84);
  const reprojected = join(dir, 'gdal-4326.geojson');
  execFileSync('ogr2ogr', ['-f', 'GeoJSON', '-t_srs', 'EPSG:4326', reprojected, source]);
  const gdal = JSON.parse(readFileSync(reprojected, 'utf8')) as { features: OracleFeature[] };
  assert.equal(gdal.features.length, wgs84.features.length);
  const ours = polygonsOf(wgs84).flat(4);
  const theirs = gdal.features.flatMap((f) => (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates)).flat(3);
  assert.equal(ours.length, theirs.length);
  for (let i = 0; i < ours.length; i++) assert.ok(Math.abs(ours[i] - theirs[i]) < 1e-8, `coordinate ${i}: ${ours[i]} vs ${theirs[i]}`);
});

test('simplification keeps shared boundaries shared and the polygons valid: they still tile the image, GEOS finds none invalid', needsGdal(), async () => {
  const dir = scratchDir();
  const width = 90;
  const height = 70;
  const cases: [string, Uint8Array, 4 | 8][] = [['cells', cellLabels(width, height, 12, 4, 4), 4], ['noise', smoothLabels(width, height, 3, 5), 4], ['noise8', smoothLabels(width, height, 3, 6), 8]];
  for (const [name, labels, connectivity] of cases) {
    const map = mapOf(labels, width, height, { affine: [500000, 10, 0, 4100000, 0, -10], crs: 'EPSG:32633' });
    const exact = labelMapToGeojson(map, { crs: 'source', connectivity });
    for (const tolerance of [15, 40]) {
      const label = `${name}, tolerance ${tolerance}`;
      const simplified = labelMapToGeojson(map, { crs: 'source', simplify: tolerance, connectivity });
      const vertices = (c: GeoFeatureCollection) => polygonsOf(c).flat(3).length;
      assert.ok(vertices(simplified) < 0.9 * vertices(exact), `${label}: fewer vertices (${vertices(simplified)} of ${vertices(exact)})`);
      assert.equal(simplified.features.length, exact.features.length);
      const total = simplified.features.reduce((sum, f) => sum + geometryArea(f.geometry), 0);
      assert.ok(Math.abs(total - width * height * 100) < 1e-6 * width * height * 100, `${label}: the pieces still cover the image once (${total})`);
      checkRings(simplified);
      const path = writeJson(dir, `simplified-${name}-${tolerance}`, simplified);
      assert.deepEqual(ogrCounts(path, `simplified-${name}-${tolerance}`), { invalid: 0, total: simplified.features.length }, label);
    }
  }
});

test('a minimum area drops small polygons and fills small holes', () => {
  // A 1-pixel class-1 island inside class 0, and a 9-pixel class-2 block.
  const labels = new Uint8Array(8 * 8);
  labels[2 * 8 + 2] = 1;
  for (const y of [4, 5, 6]) labels.fill(2, y * 8 + 4, y * 8 + 7);
  const map = mapOf(labels, 8, 8, { affine: [0, 2, 0, 0, 0, -2] });
  const all = labelMapToGeojson(map);
  assert.deepEqual(all.features.map((f) => [f.properties.class_id, f.properties.area, f.geometry.coordinates.length]), [[0, 216, 3], [1, 4, 1], [2, 36, 1]]);
  assert.equal(all.semseg.areaUnit, 'map units squared');
  const some = labelMapToGeojson(map, { minArea: 10 });
  assert.deepEqual(some.features.map((f) => [f.properties.class_id, f.properties.area, f.geometry.coordinates.length]), [[0, 216, 2], [2, 36, 1]]);
  checkRings(all, 4);
});

test('bad options and metadata are refused with the reason', () => {
  const map = mapOf(new Uint8Array(4), 2, 2);
  const refused = (fn: () => unknown, pattern: RegExp) => assert.throws(fn, (e: unknown) => e instanceof SemsegError && e.code === 'INVALID_ARGUMENT' && pattern.test(e.message));
  refused(() => labelMapToGeojson(map, { connectivity: 6 as 4 }), /^Expected 4 or 8 for connectivity but received 6$/);
  refused(() => labelMapToGeojson(map, { simplify: -1 }), /^Expected a number of 0 or more \(map units\) for simplify but received -1$/);
  refused(() => labelMapToGeojson(map, { minArea: Number.NaN }), /for minArea/);
  refused(() => labelMapToGeojson(map, { crs: 'wgs84' }), /^Expected an image with a CRS in its metadata \(or --vector-crs source\) for the WGS 84 vector output but received "no CRS"$/);
  refused(() => labelMapToGeojson({ ...map, meta: { affine: [0, 1, 0, 0, 0, 0] } }), /for meta\.affine/);
  refused(() => labelMapToGeojson({ ...map, meta: { affine: [0, 1, 0, 0, 0, -1], crs: 'EPSG:99999' } }), /^Expected a CRS proj4 knows .* for crs but received "EPSG:99999"$/);
});
