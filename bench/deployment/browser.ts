/**
 * Browser contenders: semseg's own web page, served by `semseg serve` (cross-origin isolated, so wasm threads
 * work), in headless Chromium; the page downloads the variant's ONNX file and runs it with onnxruntime-web.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startServer } from '../../test/web/helpers.js';
import { summarize } from '../stats.js';
import { openWasmPage, pageThreads, segmentAgain, segmentFile } from '../web-page.js';
import { timingFile } from './images.js';
import { overBudget } from './budget.js';
import { sizeLabel, type BrowserResult, type CellTiming } from './types.js';

export interface BrowserCellRequest extends CellTiming {
  /** Where the per-size image files are written. */
  imageDir: string;
  name: string;
}

export async function runBrowserCells(browser: Browser, request: BrowserCellRequest): Promise<BrowserResult[]> {
  const files = await Promise.all(request.sizes.map((size) => timingFile(request.image, size, join(request.imageDir, `${request.name}-${sizeLabel(size)}.png`), request.grey)));
  const served = await startServer({ models: [request.reference] });
  const results: BrowserResult[] = [];
  try {
    for (const threads of [1, 2]) {
      const page = await openWasmPage(browser, served.url, { threads });
      try {
        const result: BrowserResult = { config: threads === 1 ? 'wasm-1' : 'wasm-2', latency: {}, threadsUsed: 1, crossOriginIsolated: false, firstRunMs: 0 };
        for (const [i, size] of request.sizes.entries()) {
          // The first pick of a fresh page also downloads the model and creates the session: the first-load cost.
          const first = await segmentFile(page, files[i]);
          if (i === 0) result.firstRunMs = first;
          for (let w = 1; w < request.warmup; w++) await segmentAgain(page);
          const times: number[] = [];
          const started = performance.now();
          while (times.length < request.runs && !overBudget(times.length, performance.now() - started, request.budgetS * 1000)) times.push(await segmentAgain(page));
          result.latency[sizeLabel(size)] = summarize(times);
          process.stderr.write(`    wasm ${threads} thread(s) ${sizeLabel(size)}: ${result.latency[sizeLabel(size)].median.toFixed(1)} ms\n`);
        }
        const state = await pageThreads(page);
        result.threadsUsed = state.threads;
        result.crossOriginIsolated = state.crossOriginIsolated;
        results.push(result);
      } finally {
        await page.close();
      }
    }
  } finally {
    await served.server.close();
  }
  return results;
}
