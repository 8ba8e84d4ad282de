/**
 * In-browser street model (onnxruntime-web wasm, SIMD) in headless Chromium: milliseconds per 480x360 frame with 1
 * and 2 wasm threads, no TTA (one forward pass plus semseg/core's pre- and post-processing). `npm run bench:web`.
 */
import { join } from 'node:path';
import { repoRoot } from '../test/helpers/paths.js';
import { launch, startServer } from '../test/web/helpers.js';

const FRAMES = Number(process.argv[2] ?? 8);
const frame = join(repoRoot, 'samples', 'camvid-0001TP_008550.png');

const served = await startServer({ models: ['street'] });
const browser = await launch();
try {
  for (const threads of [1, 2]) {
    const page = await browser.newPage();
    await page.goto(`${served.url}?threads=${threads}`);
    await page.waitForSelector('body[data-started="true"]');
    await page.selectOption('#engine-a', 'browser');
    await page.uncheck('#tta-a');
    const times: number[] = [];
    for (let i = 0; i <= FRAMES; i++) {
      const before = await page.evaluate(() => document.body.dataset.ready ?? null);
      if (i === 0) await page.setInputFiles('#file', frame);
      else await page.click('#run');
      await page.waitForFunction((previous) => document.body.dataset.ready !== undefined && document.body.dataset.ready !== previous, before, { timeout: 120_000 });
      if (i > 0) times.push(Number(await page.evaluate(() => document.body.dataset.ms)));
    }
    times.sort((a, b) => a - b);
    const status = await page.textContent('#status');
    console.log(`threads=${threads} crossOriginIsolated=${await page.evaluate(() => crossOriginIsolated)} frames=${FRAMES} median=${times[Math.floor(times.length / 2)].toFixed(0)} ms min=${times[0].toFixed(0)} ms  (${status})`);
    await page.close();
  }
} finally {
  await browser.close();
  await served.server.close();
}
