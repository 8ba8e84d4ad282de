import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { decode } from 'fast-png';
import { loadModel } from '../../src/models/load.js';
import { predict } from '../../src/pipeline/predict.js';
import { rleToMask } from '../../src/formats/coco-rle-decode.js';
import { SemsegError } from '../../src/core/errors.js';
import type { RasterImage } from '../../src/core/types.js';
import type { GeoFeatureCollection } from '../../src/vectors/types.js';
import type { CocoDataset } from '../../src/instances/coco-json.js';
import { repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';

const sample = join(repoRoot, 'samples', 'camvid-0001TP_008550.png');

function counts(labels: ArrayLike<number>): Map<number, number> {
  const out = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) out.set(labels[i], (out.get(labels[i]) ?? 0) + 1);
  return out;
}

test('semseg predict --outputs geojson,coco,instances: polygons and instances that account for every pixel of the label map', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-vector-cli-'));
  const result = await runCli(['predict', sample, '--out', dir, '--workers', '1', '--outputs', 'labels,geojson,coco,instances', '--connectivity', '8']);
  assert.equal(result.code, 0, result.stderr);
  const stem = join(dir, 'camvid-0001TP_008550');
  const labels = decode(await readFile(`${stem}.labels.png`));
  const perClass = counts(labels.data as Uint8Array);
  const geojson = JSON.parse(await readFile(`${stem}.geojson`, 'utf8')) as GeoFeatureCollection;
  assert.equal(geojson.semseg.coordinates, 'pixels');
  assert.equal(geojson.semseg.connectivity, 8);
  const polygonPixels = new Map<number, number>();
  for (const f of geojson.features) polygonPixels.set(f.properties.class_id, (polygonPixels.get(f.properties.class_id) ?? 0) + f.properties.pixels);
  assert.deepEqual([...polygonPixels].sort(), [...perClass].sort());
  assert.ok(geojson.features.every((f) => typeof f.properties.class_name === 'string' && f.properties.area === f.properties.pixels));
  const coco = JSON.parse(await readFile(`${stem}.coco.json`, 'utf8')) as CocoDataset;
  assert.equal(coco.images[0].file_name, 'camvid-0001TP_008550.png');
  assert.equal(coco.annotations.length, geojson.features.length, 'one instance per polygon feature (same components)');
  const ids = decode(await readFile(`${stem}.instances.png`));
  assert.equal(ids.depth, 16);
  const idData = ids.data as Uint16Array;
  for (const a of coco.annotations.filter((_, i) => i % 7 === 0)) {
    const mask = rleToMask(a.segmentation);
    let area = 0;
    for (let i = 0; i < mask.length; i++) {
      assert.equal(mask[i] === 1, idData[i] === a.id, `instance ${a.id} at pixel ${i}`);
      area += mask[i];
    }
    assert.equal(area, a.area);
  }
});

test('--objects keeps the chosen classes only, in all three outputs', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-vector-cli-'));
  const result = await runCli(['predict', sample, '--out', dir, '--workers', '1', '--outputs', 'labels,geojson,coco,instances', '--objects', 'car,9']);
  assert.equal(result.code, 0, result.stderr);
  const stem = join(dir, 'camvid-0001TP_008550');
  const labels = decode(await readFile(`${stem}.labels.png`)).data as Uint8Array;
  const geojson = JSON.parse(await readFile(`${stem}.geojson`, 'utf8')) as GeoFeatureCollection;
  assert.deepEqual([...new Set(geojson.features.map((f) => f.properties.class_id))].sort(), [8, 9]);
  const coco = JSON.parse(await readFile(`${stem}.coco.json`, 'utf8')) as CocoDataset;
  assert.deepEqual(coco.categories.map((c) => [c.id, c.name]), [[8, 'car'], [9, 'pedestrian']]);
  assert.equal(coco.annotations.length, geojson.features.length);
  const ids = decode(await readFile(`${stem}.instances.png`)).data as Uint16Array;
  for (let i = 0; i < ids.length; i++) assert.equal(ids[i] !== 0, labels[i] === 8 || labels[i] === 9, `pixel ${i}`);
  const bad = await runCli(['predict', sample, '--out', dir, '--outputs', 'coco', '--objects', 'plane']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /Expected class names or ids of model street .* for --objects but received "plane"/);
});

test('vector flags: bad values are usage errors (exit 2), unused ones are warned about', async () => {
  for (const [flag, value, pattern] of [
    ['--connectivity', '6', /Expected one of 4, 8 for --connectivity but received "6"/],
    ['--simplify', '-1', /for --simplify but received "-1"/],
    ['--min-area', 'big', /for --min-area but received "big"/],
    ['--vector-crs', 'mars', /Expected one of wgs84, source for --vector-crs but received "mars"/],
  ] as const) {
    const result = await runCli(['predict', sample, flag, value, '--outputs', 'geojson']);
    assert.equal(result.code, 2, `${flag} ${value}`);
    assert.match(result.stderr, pattern);
  }
  const dir = await mkdtemp(join(tmpdir(), 'semseg-vector-cli-'));
  const unused = await runCli(['predict', sample, '--out', dir, '--workers', '1', '--outputs', 'labels', '--simplify', '2']);
  assert.equal(unused.code, 0, unused.stderr);
  assert.match(unused.stderr, /warning: --simplify has no effect without the geojson output/);
});

test('predict() of a georeferenced image: GeoJSON in WGS 84 by default, in the source CRS on request; a bad CRS fails that output with a coded error', async () => {
  const model = await loadModel('street', { workers: 1 });
  try {
    const { data, info } = await sharp(sample).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const image: RasterImage = { data: new Uint8Array(data), width: info.width, height: info.height, channels: 3, meta: { affine: [500000, 0.5, 0, 4100000, 0, -0.5], crs: 'EPSG:32633' } };
    const wgs84 = await predict(model, image, { outputs: ['geojson'], vectors: { minArea: 5 } });
    const collection = JSON.parse(new TextDecoder().decode(wgs84.outputs[0].bytes)) as GeoFeatureCollection;
    assert.equal(collection.semseg.coordinates, 'wgs84');
    assert.ok(collection.features.every((f) => f.properties.area >= 5));
    const first = (collection.features[0].geometry.coordinates as number[][][])[0][0];
    assert.ok(Math.abs(first[0] - 15) < 0.01 && Math.abs(first[1] - 37.04) < 0.01, `UTM 33N near (500000, 4100000) is near 15 E, 37.04 N: ${first}`);
    const source = await predict(model, image, { outputs: ['geojson'], vectors: { crs: 'source' } });
    const inSource = JSON.parse(new TextDecoder().decode(source.outputs[0].bytes)) as GeoFeatureCollection;
    assert.deepEqual(inSource.crs, { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::32633' } });
    await assert.rejects(
      predict(model, { ...image, meta: { ...image.meta, crs: 'EPSG:99999' } }, { outputs: ['geojson'] }),
      (e: unknown) => e instanceof SemsegError && e.code === 'INVALID_ARGUMENT' && /for crs but received "EPSG:99999"/.test(e.message),
    );
    await assert.rejects(predict(model, image, { outputs: ['geojson'], vectors: { simplify: -2 } }), /for simplify but received -2/);
  } finally {
    await model.dispose();
  }
});
