/**
 * In-browser street model (onnxruntime-web wasm, SIMD) in headless Chromium: milliseconds per 480x360 frame with 1
 * and 2 wasm threads, no TTA (one forward pass plus semseg/core's pre- and post-processing). `npm run bench:web`.
 */
import { join } from 'node:path';
import { repoRoot } from '../test/helpers/paths.js';
import { launch, startServer } from '../test/web/helpers.js';
import { openWasmPage, pageThreads, segmentAgain, segmentFile } from './web-page.js';
import { summarize } from './stats.js';

const FRAMES = Number(process.argv[2] ?? 8);
const frame = join(repoRoot, 'samples', 'camvid-0001TP_008550.png');

const served = await startServer({ models: ['street'] });
const browser = await launch();
try {
  for (const threads of [1, 2]) {
    const page = await openWasmPage(browser, served.url, { threads });
    await segmentFile(page, frame);
    const times: number[] = [];
    for (let i = 0; i < FRAMES; i++) times.push(await segmentAgain(page));
    const { median, min } = summarize(times);
    const { crossOriginIsolated, status } = await pageThreads(page);
    console.log(`threads=${threads} crossOriginIsolated=${crossOriginIsolated} frames=${FRAMES} median=${median.toFixed(0)} ms min=${min.toFixed(0)} ms  (${status})`);
    await page.close();
  }
} finally {
  await browser.close();
  await served.server.close();
}
