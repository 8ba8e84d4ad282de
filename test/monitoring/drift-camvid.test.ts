/**
 * The drift test with the street model: a reference recorded from street scenes (every other CamVid test
 * image), then street traffic (the other test images) does not alert, while portraits and noise images do.
 *
 * The reference comes from images the model was not trained on: CamVid train images are what the street model was
 * fitted to, and it is more confident there (mean confidence 0.94 against 0.90 on unseen street scenes), so a
 * reference from them alerts on any new street traffic (docs/monitoring.md). No TTA, to keep the test short
 * (~400 images); reference and traffic are predicted the same way, which is all drift needs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { RasterImage } from '../../src/core/types.js';
import { mapConcurrent } from '../../src/core/map-concurrent.js';
import { loadModel } from '../../src/models/load.js';
import type { SegmentationModel } from '../../src/models/types.js';
import { predict, type PredictInput } from '../../src/pipeline/predict.js';
import type { ImageQuality } from '../../src/monitoring/image-quality.js';
import { buildQualityProfile } from '../../src/monitoring/quality-profile.js';
import { checkProfileModel, parseQualityProfile } from '../../src/monitoring/profile-schema.js';
import { DriftMonitor } from '../../src/monitoring/drift-monitor.js';
import type { DriftReport } from '../../src/monitoring/drift-report.js';
import { camvidRoot, needsCamvid, repoRoot } from '../helpers/paths.js';
import { seeded } from './helpers.js';

const [WIDTH, HEIGHT] = [480, 360];

async function qualities(model: SegmentationModel, inputs: PredictInput[]): Promise<ImageQuality[]> {
  return mapConcurrent(inputs, model.backend.workers + 1, async (input) => (await predict(model, input, { outputs: [], quality: true, tta: {} })).quality!);
}

/** Portraits: crops of the sample portrait at several scales and places, mirrored, brighter and darker. */
async function portraits(count: number): Promise<RasterImage[]> {
  const { data, info } = await sharp(join(repoRoot, 'samples', 'grace_hopper.jpg')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const random = seeded(21);
  const out: RasterImage[] = [];
  for (let i = 0; i < count; i++) {
    const scale = 0.55 + 0.45 * random();
    const width = Math.round(info.width * scale);
    const height = Math.round(info.height * scale);
    const left = Math.floor((info.width - width) * random());
    const top = Math.floor((info.height - height) * random());
    let image = sharp(data, { raw: info }).extract({ left, top, width, height });
    if (i % 2) image = image.flop();
    const raw = await image.resize(WIDTH, HEIGHT, { fit: 'cover' }).modulate({ brightness: 0.75 + 0.5 * random(), hue: Math.round(40 * random() - 20) }).raw().toBuffer({ resolveWithObject: true });
    out.push({ data: new Uint8Array(raw.data), width: raw.info.width, height: raw.info.height, channels: 3 });
  }
  return out;
}

function noise(count: number): RasterImage[] {
  const random = seeded(5);
  return Array.from({ length: count }, () => ({ data: Uint8Array.from({ length: WIDTH * HEIGHT * 3 }, () => Math.floor(256 * random())), width: WIDTH, height: HEIGHT, channels: 3 }));
}

function summary(report: DriftReport): string {
  const o = report.overall!;
  const worstClass = report.classes.reduce((a, b) => (b.psi > a.psi ? b : a));
  return `${report.status}: ${report.window} images, PSI confidence ${o.confidence!.psi.toFixed(3)}, low-confidence ${o.lowConfidence!.psi.toFixed(3)}, entropy ${o.entropy!.psi.toFixed(3)}, ` +
    `worst class ${worstClass.name} ${worstClass.psi.toFixed(3)}, JS distance ${o.classDistribution.distance.toFixed(3)} (divergence ${o.classDistribution.divergence.toFixed(4)}); worst ${report.worst!.figure}`;
}

test('drift: street traffic against a street reference does not alert; portraits and noise images do', needsCamvid(), async (t) => {
  const model = await loadModel('street', { workers: 2, threadsPerWorker: 1 });
  try {
    const street = readdirSync(join(camvidRoot, 'test')).sort().map((f) => join(camvidRoot, 'test', f));
    const reference = await qualities(model, street.filter((_, i) => i % 2 === 0));
    const profile = parseQualityProfile(JSON.parse(JSON.stringify(buildQualityProfile(model.card, reference))));
    checkProfileModel(profile, model.card);
    t.diagnostic(`reference: ${profile.images} images, ${profile.bins} bins, mean confidence ${profile.confidence!.mean.toFixed(3)}, entropy ${profile.entropy!.mean.toFixed(3)}`);
    const reports: Record<string, DriftReport> = {};
    const traffic: [string, PredictInput[]][] = [['street', street.filter((_, i) => i % 2 === 1)], ['portraits', await portraits(80)], ['noise', noise(80)]];
    for (const [name, inputs] of traffic) {
      const alerts: DriftReport[] = [];
      const monitor = new DriftMonitor(profile, { onAlert: (r) => alerts.push(r) });
      for (const q of await qualities(model, inputs)) monitor.observe(q);
      reports[name] = monitor.report();
      assert.equal(alerts.length, reports[name].status === 'alert' ? 1 : 0, `${name}: one alert callback on the transition`);
      t.diagnostic(`${name}: ${summary(reports[name])}`);
    }
    assert.ok(reports.street.status === 'ok' || reports.street.status === 'warn', summary(reports.street));
    assert.equal(reports.portraits.status, 'alert', summary(reports.portraits));
    assert.equal(reports.noise.status, 'alert', summary(reports.noise));
    // the class distribution alone tells portraits and noise from streets
    assert.ok(reports.street.overall!.classDistribution.distance < 0.1);
    assert.ok(reports.portraits.overall!.classDistribution.distance >= 0.25 && reports.noise.overall!.classDistribution.distance >= 0.25);
  } finally {
    await model.dispose();
  }
});
