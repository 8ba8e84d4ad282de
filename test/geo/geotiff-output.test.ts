/**
 * `semseg predict <GeoTIFF> --model ndvi --outputs geotiff,json,areas` end to end, checked with GDAL: the label
 * GeoTIFF has the input's CRS and geotransform, the class colour table and names, DEFLATE tiles, GDAL_NODATA, and
 * reads back (gdal_translate) pixel-identical to the labels the index rules give; nodata stays nodata; areas add up.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess } from '../helpers/cli-io.js';
import { NDVI_CLASSES } from '../../src/models/ndvi.js';
import { cellArea } from '../../src/geo/areas.js';
import { assertSameGeotransform, gdalBand1Bytes, gdalinfoJson, gdalMissing, makeGeoTiff, tempDir, type GdalType } from './gdal.js';

const skip = gdalMissing;
const dir = skip ? '' : tempDir('geotiff-output');
after(() => dir && rmSync(dir, { recursive: true, force: true }));
const [W, H] = [333, 270];
const NODATA = 0;

/** R, G, B, NIR of a pixel and the class the rules give it (255: nodata). */
function scene(x: number, y: number): { bands: number[]; label: number } {
  if (x >= 40 && x < 80 && y >= 30 && y < 60) return { bands: [NODATA, NODATA, NODATA, NODATA], label: 255 };
  const wobble = (x * 3 + y * 5) % 50;
  if (y < H / 3) return { bands: [300 + wobble, 900 + wobble, 700, 200], label: 1 }; // water: G > NIR
  if (y < (2 * H) / 3) return { bands: [500 + wobble, 700, 400, 3500 + wobble], label: 2 }; // NDVI 0.75
  return { bands: [2500 + wobble, 2000, 1800, 2600], label: 0 }; // NDVI ~0.02
}

function makeScene(name: string, type: GdalType, georef: string[], scale = 1): { path: string; labels: Uint8Array } {
  const samples: number[] = [];
  const labels = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const { bands, label } = scene(x, y);
    samples.push(...bands.map((v) => v * scale));
    labels[y * W + x] = label;
  }
  const path = makeGeoTiff(dir, name, samples, W, H, 4, type, [...georef, '-a_nodata', String(NODATA), '-co', 'TILED=YES']);
  return { path, labels };
}

const UTM = ['-a_srs', 'EPSG:32633', '-a_ullr', '500000', String(4000000 + H * 20), String(500000 + W * 20), '4000000'];

async function predictScene(path: string, out: string, extra: string[] = []) {
  const run = await runInProcess(['predict', path, '--model', 'ndvi', '--outputs', 'geotiff,json,areas', '-o', out, '--no-progress', ...extra]);
  assert.equal(run.code, 0, run.stderr);
  const stem = join(out, path.replace(/^.*\//, '').replace(/\.tif$/, ''));
  return { tif: `${stem}.tif`, json: JSON.parse(readFileSync(`${stem}.json`, 'utf8')), csv: readFileSync(`${stem}.areas.csv`, 'utf8') };
}

test('label GeoTIFF: CRS, geotransform, colour table, names, DEFLATE, nodata, pixels as GDAL reads them', { skip }, async () => {
  const { path, labels } = makeScene('utm', 'UInt16', UTM);
  const input = gdalinfoJson(path);
  const { tif, json, csv } = await predictScene(path, join(dir, 'out-utm'));
  const info = gdalinfoJson(tif);
  assert.equal(info.coordinateSystem.wkt, input.coordinateSystem.wkt);
  assertSameGeotransform(info.geoTransform, input.geoTransform);
  assert.equal(info.metadata.IMAGE_STRUCTURE.COMPRESSION, 'DEFLATE');
  const band = info.bands[0];
  assert.deepEqual([band.type, band.block, band.noDataValue, band.colorInterpretation], ['Byte', [256, 256], 255, 'Palette']);
  assert.deepEqual(band.categories, NDVI_CLASSES.map((c) => c.name));
  NDVI_CLASSES.forEach((c) => assert.deepEqual(band.colorTable.entries[c.id], [...c.color, 255]));
  assert.ok(gdalBand1Bytes(dir, tif, 'utm-labels').equals(Buffer.from(labels)), 'labels differ from the index rules');
  // Areas: 20 m pixels, 400 m² each; nodata pixels belong to no class.
  const count = (id: number) => labels.filter((l) => l === id).length;
  assert.equal(json.geo.nodataPixels, count(255));
  assert.equal(json.geo.areaMethod, 'planar');
  for (const c of NDVI_CLASSES) {
    const area = json.geo.classes.find((a: { id: number }) => a.id === c.id);
    assert.deepEqual([area.pixels, area.m2, area.ha], [count(c.id), count(c.id) * 400, (count(c.id) * 400) / 10000]);
    assert.ok(csv.includes(`\n${c.id},${c.name},${count(c.id)},${(count(c.id) * 400).toFixed(3)},`), csv);
  }
});

test('--bands picks and orders source bands: red and NIR swapped turn vegetation into water', { skip }, async () => {
  const { path, labels } = makeScene('swapped', 'UInt16', UTM);
  const { tif } = await predictScene(path, join(dir, 'out-swapped'), ['--bands', '4,2,3,1']);
  const read = gdalBand1Bytes(dir, tif, 'swapped-labels');
  // NDWI now compares G with the real red: above it in water and vegetation rows (water), below it in soil (other).
  const expected = labels.map((l) => (l === 2 ? 1 : l));
  assert.ok(read.equals(Buffer.from(expected)));
});

test('float32 reflectance with --range, and a COG with overviews (--cog)', { skip }, async () => {
  const { path, labels } = makeScene('float', 'Float32', UTM, 1 / 10000);
  const { tif } = await predictScene(path, join(dir, 'out-float'), ['--range', '0,1', '--cog']);
  const info = gdalinfoJson(tif);
  assert.deepEqual(info.bands[0].overviews.map((o: { size: number[] }) => o.size), [[167, 135]]);
  assert.ok(gdalBand1Bytes(dir, tif, 'float-labels').equals(Buffer.from(labels)));
});

test('EPSG:4326: geodesic areas per pixel row on the WGS84 ellipsoid', { skip }, async () => {
  const [west, north, east, south] = [10, 50, 10 + W * 0.001, 50 - H * 0.001];
  const { path, labels } = makeScene('wgs84', 'UInt16', ['-a_srs', 'EPSG:4326', '-a_ullr', ...[west, north, east, south].map(String)]);
  const { json } = await predictScene(path, join(dir, 'out-wgs84'));
  assert.equal(json.geo.areaMethod, 'geodesic');
  assert.equal(json.geo.ellipsoid, 'WGS84');
  const total = json.geo.classes.reduce((sum: number, c: { m2: number }) => sum + c.m2, 0);
  // Row by row (an independent sum over the same cells): nodata rows 30..59 lose 40 pixels each.
  let expected = 0;
  for (let y = 0; y < H; y++) expected += cellArea(north - y * 0.001, north - (y + 1) * 0.001, 0.001) * (W - (y >= 30 && y < 60 ? 40 : 0));
  assert.ok(Math.abs(total - expected) < 1e-6 * expected, `${total} vs ${expected}`);
  assert.equal(json.geo.nodataPixels, labels.filter((l) => l === 255).length);
});

test('a GeoTIFF streamed region by region (--stream-above) gives the same label GeoTIFF, areas and nodata', { skip }, async () => {
  const { path, labels } = makeScene('streamed', 'Int16', UTM);
  const whole = await predictScene(path, join(dir, 'out-whole'), ['--cog']);
  const streamed = await predictScene(path, join(dir, 'out-streamed'), ['--cog', '--stream-above', '1000', '--crop', '128', '--stride', '96']);
  assert.ok(readFileSync(streamed.tif).equals(readFileSync(whole.tif)), 'label GeoTIFFs differ');
  assert.ok(gdalBand1Bytes(dir, streamed.tif, 'streamed-labels').equals(Buffer.from(labels)));
  assert.deepEqual(streamed.json.geo, whole.json.geo);
  assert.equal(streamed.csv, whole.csv);
  assert.ok(readFileSync(`${streamed.tif}.aux.xml`, 'utf8').includes('<Category>vegetation</Category>'));
});

test('a user-defined CRS (no EPSG code) reaches the label GeoTIFF unchanged: its GeoKeys are copied', { skip }, async () => {
  const laea = '+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +units=m +no_defs';
  const { path } = makeScene('laea', 'UInt16', ['-a_srs', laea, '-a_ullr', '4000000', '3000000', String(4000000 + W * 20), String(3000000 - H * 20)]);
  const input = gdalinfoJson(path);
  const { tif, json } = await predictScene(path, join(dir, 'out-laea'));
  const info = gdalinfoJson(tif);
  assert.equal(info.coordinateSystem.wkt, input.coordinateSystem.wkt);
  assertSameGeotransform(info.geoTransform, input.geoTransform);
  assert.equal(json.geo.crs, null);
  assert.equal(json.geo.pixelAreaM2, 400);
});
