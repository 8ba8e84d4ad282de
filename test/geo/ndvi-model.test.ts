/**
 * The embedded `ndvi` index baseline: the committed model equals a fresh build, and on the synthetic 4-band scene of
 * tools/gis/make-scene.mjs (known covers, a nodata corner) it gives the classes the index rules say, pixel for pixel.
 * The label GeoTIFF is read back with geotiff.js here (the GDAL checks are in geotiff-output.test.ts).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromArrayBuffer } from 'geotiff';
import { buildNdviModel, NDVI_CLASSES } from '../../src/models/ndvi.js';
import { loadModel } from '../../src/models/load.js';
import { predict } from '../../src/pipeline/predict.js';
import { repoRoot } from '../helpers/paths.js';
import { runInProcess } from '../helpers/cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'semseg-ndvi-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('models/ndvi equals a fresh build (npm run models:ndvi)', () => {
  const { onnx, cardJson } = buildNdviModel();
  assert.ok(Buffer.from(onnx).equals(readFileSync(join(repoRoot, 'models', 'ndvi', 'model.onnx'))), 'model.onnx is stale');
  assert.equal(readFileSync(join(repoRoot, 'models', 'ndvi', 'card.json'), 'utf8'), cardJson);
});

test('ndvi on the make-scene GeoTIFF: water, vegetation, other thirds and a nodata corner', async () => {
  const [width, height] = [300, 200];
  const scene = join(dir, 'scene.tif');
  execFileSync(process.execPath, [join(repoRoot, 'tools', 'gis', 'make-scene.mjs'), scene, String(width), String(height)]);
  const model = await loadModel('ndvi', { workers: 1 });
  try {
    const { map, json, outputs } = await predict(model, scene, { outputs: ['geotiff', 'json'] });
    const expected = (x: number, y: number) => (x < width / 10 && y < height / 10 ? 255 : x < width / 3 ? 1 : x < (2 * width) / 3 ? 2 : 0);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) assert.equal(map.labels[y * width + x], expected(x, y), `pixel ${x},${y}`);
    assert.equal(json.geo?.nodataPixels, (width / 10) * (height / 10));
    assert.deepEqual(json.geo?.classes.map((c) => c.name), NDVI_CLASSES.map((c) => c.name));
    const tif = outputs.find((o) => o.extension === '.tif')!.bytes;
    const image = await (await fromArrayBuffer(tif.buffer.slice(tif.byteOffset, tif.byteOffset + tif.byteLength) as ArrayBuffer)).getImage();
    const [labels] = (await image.readRasters()) as unknown as Uint8Array[];
    assert.deepEqual([...labels], [...map.labels]);
    assert.deepEqual(image.getOrigin().slice(0, 2), [500000, 4100000]);
    assert.equal(image.getGeoKeys()?.ProjectedCSTypeGeoKey, 32633);
    assert.equal(image.getGDALNoData(), 255);
    const aux = new TextDecoder().decode(outputs.find((o) => o.extension === '.tif.aux.xml')!.bytes);
    assert.match(aux, /<Category>other<\/Category>\s*<Category>water<\/Category>\s*<Category>vegetation<\/Category>/);
  } finally {
    await model.dispose();
  }
});

test('--bands must name one source band per model channel, --range a min below its max', async () => {
  const scene = join(dir, 'bands.tif');
  execFileSync(process.execPath, [join(repoRoot, 'tools', 'gis', 'make-scene.mjs'), scene, '64', '64']);
  const bands = await runInProcess(['predict', scene, '--model', 'ndvi', '--bands', '1,2,3', '-o', join(dir, 'out-bands'), '--no-progress']);
  assert.equal(bands.code, 2);
  assert.match(bands.stderr, /Expected 4 band numbers \(model ndvi takes 4 channels\) for --bands but received "?1,2,3"?/);
  const range = await runInProcess(['predict', scene, '--model', 'ndvi', '--range', '5,1', '-o', join(dir, 'out-range'), '--no-progress']);
  assert.equal(range.code, 2);
  assert.match(range.stderr, /--range/);
});

test('geojson and coco of a georeferenced scene: one region per class in WGS 84, none for the nodata corner', async () => {
  const [width, height] = [120, 80];
  const scene = join(dir, 'vectors.tif');
  execFileSync(process.execPath, [join(repoRoot, 'tools', 'gis', 'make-scene.mjs'), scene, String(width), String(height)]);
  const model = await loadModel('ndvi', { workers: 1 });
  try {
    const { outputs } = await predict(model, scene, { outputs: ['geojson', 'coco'] });
    const text = (extension: string) => new TextDecoder().decode(outputs.find((o) => o.extension === extension)!.bytes);
    const geojson = JSON.parse(text('.geojson'));
    assert.equal(geojson.semseg.coordinates, 'wgs84');
    assert.deepEqual(geojson.features.map((f: { properties: { class_name: string } }) => f.properties.class_name).sort(), ['other', 'vegetation', 'water']);
    const water = geojson.features.find((f: { properties: { class_name: string } }) => f.properties.class_name === 'water');
    // 10 m pixels: the water third less the nodata corner.
    assert.equal(water.properties.area, (width / 3) * height * 100 - (width / 10) * (height / 10) * 100);
    const [lon, lat] = water.geometry.coordinates[0][0];
    assert.ok(lon > 14.9 && lon < 15.1 && lat > 37 && lat < 37.1, `${lon}, ${lat}: UTM 33N near 500000 E, 4100000 N`);
    const coco = JSON.parse(text('.coco.json'));
    assert.deepEqual(coco.annotations.map((a: { category_id: number }) => a.category_id).sort(), [0, 1, 2]);
  } finally {
    await model.dispose();
  }
});
