/**
 * A tiled GeoTIFF across jobs: the stitched label GeoTIFF and GeoJSON carry the source's CRS and geotransform and
 * equal, byte for byte, what `semseg predict` writes for the same raster on one machine (same sliding windows).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { fixturesDir } from '../helpers/paths.js';
import { runInProcess } from '../helpers/cli-io.js';
import { queueStatus, queueTarget, startWorker } from '../../src/jobs/index.js';
import { needsRedis, startRedis } from './redis-server.js';
import { assertSameGeotransform, gdalinfoJson, gdalMissing, makeGeoTiff, tempDir } from '../geo/gdal.js';

const conv3 = join(fixturesDir, 'inference', 'conv3.onnx');

test('a tiled GeoTIFF: stitched geotiff and geojson keep the georeference and equal the single-machine outputs', { skip: needsRedis().skip ?? gdalMissing }, async () => {
  const redis = await startRedis();
  const dir = tempDir('jobs-geotiff');
  const target = queueTarget(redis.url);
  const queue = new Queue(target.name, { connection: target.connection });
  const worker = startWorker({ target, workers: 1, threadsPerWorker: 1, concurrency: 2 });
  try {
    const [width, height] = [700, 500];
    const samples = Array.from({ length: width * height * 3 }, (_, i) => (Math.floor(i / 3 / 37) * 41 + (i % 3) * 90 + ((i / 3) % width) * 3) & 0xff);
    const raster = makeGeoTiff(dir, 'scene', samples, width, height, 3, 'Byte', ['-a_srs', 'EPSG:32633', '-a_ullr', '500000', '4105000', '507000', '4100000', '-co', 'TILED=YES']);
    const windows = ['--mode', 'slide', '--crop', '128x128', '--stride', '96x96'];
    const outputs = ['--outputs', 'labels,geotiff,geojson'];
    const submitted = await runInProcess(['jobs', 'submit', raster, '--queue', redis.url, '-m', conv3, '-o', join(dir, 'tiled'), ...outputs, ...windows, '--tile-above', '100000', '--tile-size', '200']);
    assert.equal(submitted.code, 0, submitted.stderr);
    assert.match(submitted.stdout, /1 tiled raster\(s\), 12 tiles/);
    for (const end = Date.now() + 90_000; ; await sleep(50)) {
      const s = await queueStatus(queue, 0);
      if (s.total > 0 && s.done === s.total) break;
      assert.equal(s.failed, 0, 'no job failed');
      if (Date.now() > end) throw new Error(`queue not drained: ${JSON.stringify(s)}`);
    }
    const single = await runInProcess(['predict', raster, '-m', conv3, '-o', join(dir, 'single'), ...outputs, ...windows, '--no-progress']);
    assert.equal(single.code, 0, single.stderr);
    for (const file of ['scene.labels.png', 'scene.tif', 'scene.tif.aux.xml', 'scene.geojson']) {
      assert.ok((await readFile(join(dir, 'tiled', file))).equals(await readFile(join(dir, 'single', file))), `${file}: stitched equals single-machine`);
    }
    const info = gdalinfoJson(join(dir, 'tiled', 'scene.tif'));
    assert.match(info.coordinateSystem.wkt, /UTM zone 33N/);
    assertSameGeotransform(info.geoTransform, [500000, 10, 0, 4105000, 0, -10]);
    const geojson = JSON.parse(await readFile(join(dir, 'tiled', 'scene.geojson'), 'utf8'));
    assert.equal(geojson.semseg.coordinates, 'wgs84');
    assert.ok(geojson.features.length > 0);
  } finally {
    await worker.close(5000);
    await queue.close();
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
