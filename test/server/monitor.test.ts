import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadModel } from '../../src/models/load.js';
import { predict } from '../../src/pipeline/predict.js';
import { buildQualityProfile } from '../../src/monitoring/quality-profile.js';
import { writeQualityProfile } from '../../src/monitoring/profile-file.js';
import type { ImageQuality } from '../../src/monitoring/image-quality.js';
import { randomImage } from '../inference/helpers.js';
import { captureLog, pointwiseOnnx, pointwiseServer } from './helpers.js';

let folder: string;
let reference: string;
const noisePng = (seed: number) => {
  const image = randomImage(24, 16, seed);
  return sharp(image.data, { raw: { width: 24, height: 16, channels: 3 } }).png().toBuffer();
};
const flatPng = (rgb: [number, number, number]) => sharp({ create: { width: 24, height: 16, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } }).png().toBuffer();

before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'semseg-monitor-'));
  const model = await loadModel(pointwiseOnnx, { workers: 1, threadsPerWorker: 1 });
  try {
    const stats: ImageQuality[] = [];
    for (let seed = 1; seed <= 200; seed++) stats.push((await predict(model, await noisePng(seed), { outputs: [], quality: true })).quality!);
    reference = join(folder, 'reference.json');
    // Few bins keep the sampling noise of PSI (about (bins - 1) / images per side) well under the warn line.
    await writeQualityProfile(reference, buildQualityProfile(model.card, stats, { bins: 4 }));
  } finally {
    await model.dispose();
  }
});
after(() => rm(folder, { recursive: true, force: true }));

test('traffic like the reference does not alert; traffic unlike it alerts once, with a log line, a counter and gauges', async () => {
  const log = captureLog();
  const server = await pointwiseServer({ references: { pointwise: reference }, drift: { window: 150, minImages: 100 } }, { logger: log.logger });
  try {
    const send = async (png: Buffer) => assert.equal((await server.app.inject({ method: 'POST', url: '/v1/segment', payload: png })).statusCode, 200);
    const empty = (await server.app.inject({ url: '/v1/monitor' })).json();
    assert.equal(empty.models.pointwise.status, 'insufficient');
    for (let seed = 1000; seed < 1150; seed++) await send(await noisePng(seed));
    const alike = (await server.app.inject({ url: '/v1/monitor' })).json().models.pointwise;
    assert.notEqual(alike.status, 'alert', JSON.stringify(alike.worst));
    assert.equal(alike.window, 150);
    const flat = await flatPng([250, 10, 10]);
    for (let i = 0; i < 150; i++) await send(flat);
    const unlike = (await server.app.inject({ url: '/v1/monitor' })).json().models.pointwise;
    assert.equal(unlike.status, 'alert');
    assert.ok(unlike.worst.value >= 0.25);
    const metrics = (await server.app.inject({ url: '/metrics' })).body;
    assert.match(metrics, /semseg_drift_alerts_total\{model="pointwise"\} 1/);
    assert.match(metrics, /semseg_drift_status\{model="pointwise"\} 2/);
    assert.match(metrics, /semseg_drift\{model="pointwise",figure="classDistribution",class=""\} 0\.\d+/);
    assert.match(metrics, /semseg_drift\{model="pointwise",figure="classShare",class="class0"\} [\d.e+-]+/);
    assert.equal(log.lines().filter((l) => String(l.msg).startsWith('drift alert')).length, 1);
  } finally {
    await server.close();
  }
});

test('a reference of another model is refused at start-up', async () => {
  const other = join(folder, 'other.json');
  const model = await loadModel(pointwiseOnnx, { workers: 1, threadsPerWorker: 1 });
  try {
    const stats: ImageQuality[] = [];
    for (let seed = 1; seed <= 10; seed++) stats.push((await predict(model, await noisePng(seed), { outputs: [], quality: true })).quality!);
    await writeQualityProfile(other, buildQualityProfile({ ...model.card, version: '9.9.9' }, stats));
  } finally {
    await model.dispose();
  }
  await assert.rejects(pointwiseServer({ references: { pointwise: other } }), (e: Error & { code?: string }) => e.code === 'MODEL_MISMATCH');
  await assert.rejects(pointwiseServer({ references: { nope: reference } }), /Expected a served model/);
});

test('--capture stores matching requests (image, label map, statistics) up to its size cap', async () => {
  const dir = join(folder, 'capture');
  const server = await pointwiseServer({ capture: { dir, rule: 'share:class1>0.5', maxBytes: 4000 } });
  try {
    const red = await flatPng([250, 10, 10]);
    const json = (await server.app.inject({ method: 'POST', url: '/v1/segment', payload: red })).json();
    const captured = json.classes.find((c: { name: string }) => c.name === 'class1').share > 0.5;
    await server.app.inject({ method: 'POST', url: '/v1/segment', payload: await flatPng([10, 10, 10]), headers: { 'x-request-id': '..' } });
    for (let i = 0; i < 20; i++) await server.app.inject({ method: 'POST', url: '/v1/segment', payload: red });
    await server.context.quality.settled();
    const files = (await readdir(dir, { recursive: true })).map(String).filter((f) => /\.(png|json)$/.test(f));
    if (captured) {
      assert.ok(files.some((f) => f.endsWith('.image.png')) && files.some((f) => f.endsWith('.labels.png')) && files.some((f) => f.endsWith('.json')), files.join(' '));
      const stored = files.filter((f) => f.endsWith('.json')).length;
      assert.ok(stored >= 1 && stored < 21, `${stored} captured despite the 4000-byte cap`);
      assert.match((await server.app.inject({ url: '/metrics' })).body, new RegExp(`semseg_captured_total\\{model="pointwise"\\} ${stored}`));
    }
    assert.ok(files.every((f) => f.startsWith('pointwise/')), files.join(' '));
  } finally {
    await server.close();
  }
  await assert.rejects(pointwiseServer({ capture: { dir, rule: 'share:unicorn>0.1' } }), /Expected a class of the model/);
});
