/** The monitor view (`/monitor`) against a server watching the person model's drift: every chart gets points. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadModel } from '../../src/models/load.js';
import { predict } from '../../src/pipeline/predict.js';
import { buildQualityProfile } from '../../src/monitoring/quality-profile.js';
import { writeQualityProfile } from '../../src/monitoring/profile-file.js';
import type { ImageQuality } from '../../src/monitoring/image-quality.js';
import { repoRoot } from '../helpers/paths.js';
import { launch, needsBrowser, screenshot, startServer, watchOrigins } from './helpers.js';

const samples = ['camvid-0001TP_008550.png', 'camvid-Seq05VD_f02370.png', 'grace_hopper.jpg'].map((f) => join(repoRoot, 'samples', f));

test('/monitor charts class-share drift, confidence, latency and throughput with the alert state', { skip: needsBrowser().skip, timeout: 180_000 }, async () => {
  const folder = await mkdtemp(join(tmpdir(), 'semseg-web-monitor-'));
  const reference = join(folder, 'person.profile.json');
  const model = await loadModel('person', { workers: 1, threadsPerWorker: 1 });
  try {
    const stats: ImageQuality[] = [];
    for (let i = 0; i < 12; i++) stats.push((await predict(model, samples[i % 3], { outputs: [], quality: true })).quality!);
    await writeQualityProfile(reference, buildQualityProfile(model.card, stats, { bins: 4 }));
  } finally {
    await model.dispose();
  }
  const served = await startServer({ models: ['person'], references: { person: reference }, drift: { window: 20, minImages: 3 } });
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1300 } });
    const foreign = watchOrigins(page, new URL(served.url).origin);
    const bodies = await Promise.all(samples.map((s) => readFile(s)));
    let sent = 0;
    const traffic = setInterval(() => void fetch(`${served.url}v1/segment?model=person`, { method: 'POST', body: bodies[sent++ % 3] }), 150);
    try {
      await page.goto(`${served.url}monitor?period=0.5`);
      await page.waitForFunction(() => Number(document.body.dataset.polls ?? 0) >= 6, undefined, { timeout: 60_000 });
    } finally {
      clearInterval(traffic);
    }
    const points = await page.$$eval('canvas.chart', (list) => list.map((c) => Number((c as HTMLElement).dataset.points ?? -1)));
    assert.equal(points.length, 5);
    assert.ok(points.every((p) => p >= 2), `every chart has points: ${points.join(', ')}`);
    assert.match((await page.getAttribute('#alerts li', 'data-status')) ?? '', /^(ok|warn|alert|insufficient)$/);
    await screenshot(page, 'monitor');
    assert.deepEqual(foreign, []);
  } finally {
    await browser.close();
    await served.server.close();
    await rm(folder, { recursive: true, force: true });
  }
});
