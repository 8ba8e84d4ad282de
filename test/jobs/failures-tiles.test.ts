/**
 * A corrupt image ends in the failed set with its code after the configured attempts; a raster above the tiling
 * threshold becomes a parent with one child per tile, and the stitched labels equal the single-machine
 * sliding-window result byte for byte (conv3: a 3x3 convolution, so window borders matter).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { fixturesDir } from '../helpers/paths.js';
import { runInProcess } from '../helpers/cli-io.js';
import { collectResults, planTiles, queueStatus, queueTarget, startWorker } from '../../src/jobs/index.js';
import { windowStarts } from '../../src/inference/window-plan.js';
import { needsRedis, startRedis } from './redis-server.js';
import { writeTestImage } from './images.js';

const pointwise = join(fixturesDir, 'inference', 'pointwise.onnx');
const conv3 = join(fixturesDir, 'inference', 'conv3.onnx');

async function drain(queue: Queue, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = await queueStatus(queue, 0);
    if (s.waiting + s.active + s.retrying + s.stitching === 0) return;
    if (Date.now() > end) throw new Error(`queue not drained: ${JSON.stringify(s)}`);
    await sleep(50);
  }
}

test('tile plan: cores partition the raster, each region is whole windows of the raster plan around its core', () => {
  const crop = { width: 128, height: 96 };
  const stride = { width: 96, height: 64 };
  for (const [w, h, tile] of [[700, 500, 200], [1000, 97, 300], [128, 96, 50], [90, 60, 64]] as const) {
    const tiles = planTiles(w, h, crop, stride, tile);
    const covered = new Uint8Array(w * h);
    for (const { core, region } of tiles) {
      assert.ok(region.x <= core.x && region.y <= core.y && region.x + region.width >= core.x + core.width && region.y + region.height >= core.y + core.height);
      for (let y = core.y; y < core.y + core.height; y++) for (let x = core.x; x < core.x + core.width; x++) covered[y * w + x]++;
      const xs = windowStarts(w, crop.width, stride.width);
      const local = windowStarts(region.width, crop.width, stride.width).map((s) => s + region.x);
      assert.deepEqual(local, xs.filter((s) => s >= region.x && s + Math.min(crop.width, w) <= region.x + region.width));
    }
    assert.ok(covered.every((c) => c === 1), `${w}x${h}: every pixel in exactly one core`);
  }
});

test('a corrupt image fails with its code after the configured attempts; a tiled raster stitches to the sliding-window result', needsRedis(), async () => {
  const redis = await startRedis();
  const dir = await mkdtemp(join(tmpdir(), 'semseg-jobs-tiles-'));
  const target = queueTarget(redis.url);
  const queue = new Queue(target.name, { connection: target.connection });
  const worker = startWorker({ target, workers: 1, threadsPerWorker: 1, concurrency: 3 });
  try {
    await worker.ready();
    const bad = join(dir, 'bad');
    await mkdir(bad);
    await writeFile(join(bad, 'broken.png'), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]));
    const failed = await runInProcess(['jobs', 'submit', bad, '--queue', redis.url, '-m', pointwise, '-o', join(dir, 'bad-out'), '--attempts', '3', '--backoff', '20']);
    assert.equal(failed.code, 0, failed.stderr);

    const raster = join(dir, 'raster.png');
    await writeTestImage(raster, 700, 500, 7);
    const windows = ['--mode', 'slide', '--crop', '128x128', '--stride', '96x96'];
    const tiled = await runInProcess(['jobs', 'submit', raster, '--queue', redis.url, '-m', conv3, '-o', join(dir, 'tiled'), '--outputs', 'labels,color,json', ...windows, '--tile-above', '100000', '--tile-size', '200']);
    assert.equal(tiled.code, 0, tiled.stderr);
    assert.match(tiled.stdout, /1 tiled raster\(s\), 12 tiles/);
    await drain(queue);

    const results = await collectResults(queue);
    assert.equal(results.failed.length, 1);
    assert.deepEqual({ code: results.failed[0].code, attempts: results.failed[0].attempts }, { code: 'DECODE_FAILED', attempts: 3 });
    assert.match(results.failed[0].message, /^Expected a decodable image/);
    assert.equal(results.images, 1);
    assert.equal(results.items[0].tiles, 12);
    assert.equal(results.pixels, 700 * 500);
    assert.ok(Math.abs(results.classes.reduce((a, c) => a + c.share, 0) - 1) < 1e-9);

    const single = await runInProcess(['predict', raster, '-m', conv3, '-o', join(dir, 'single'), '--outputs', 'labels,color', ...windows, '--no-progress']);
    assert.equal(single.code, 0, single.stderr);
    for (const file of ['raster.labels.png', 'raster.color.png']) {
      assert.ok((await readFile(join(dir, 'tiled', file))).equals(await readFile(join(dir, 'single', file))), `${file}: stitched equals single-machine sliding windows`);
    }
    assert.deepEqual((await readdir(join(dir, 'tiled'))).sort(), ['.semseg-tiles', 'raster.color.png', 'raster.json', 'raster.labels.png'].sort());
    assert.deepEqual(await readdir(join(dir, 'tiled', '.semseg-tiles')), [], 'tile files removed after stitching');

    const cli = await runInProcess(['jobs', 'results', '--queue', redis.url]);
    assert.equal(cli.code, 1);
    assert.match(cli.stdout, /1 image\(s\) done \(350000 pixels\), 1 failed/);
    assert.match(cli.stdout, /broken\.png: .* \[DECODE_FAILED\] \(3 attempt\(s\)\)/);
    const retry = await runInProcess(['jobs', 'retry-failed', '--queue', redis.url]);
    assert.match(retry.stdout, /queued 1 failed job\(s\) again/);
    await drain(queue);
    assert.equal((await queueStatus(queue)).failed, 1, 'still corrupt: failed again');
    const clean = await runInProcess(['jobs', 'clean', 'all', '--queue', redis.url]);
    assert.equal(clean.code, 0, clean.stderr);
    assert.equal((await queueStatus(queue)).total, 0);
  } finally {
    await worker.close(5000);
    await queue.close();
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
