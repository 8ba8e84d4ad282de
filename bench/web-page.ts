/**
 * Driving semseg's web page for in-browser timings (onnxruntime-web wasm, no TTA): open it with N wasm threads and
 * a model, segment a file, segment again, read what the page measured (body[data-ms]: semseg/core's segment()).
 * Shared by web-wasm.ts and deployment/browser.ts.
 */
import type { Browser, Page } from 'playwright-core';
import { segmented } from '../test/web/helpers.js';

export interface WasmPageOptions {
  threads: number;
  /** The model's card name, as the page lists it (default: the page's first). */
  model?: string;
}

export async function openWasmPage(browser: Browser, url: string, options: WasmPageOptions): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${url}?threads=${options.threads}`);
  await page.waitForSelector('body[data-started="true"]');
  if (options.model) await page.selectOption('#model-a', options.model);
  await page.selectOption('#engine-a', 'browser');
  await page.uncheck('#tta-a');
  return page;
}

async function timed(page: Page, start: () => Promise<void>): Promise<number> {
  const before = await page.evaluate(() => document.body.dataset.ready ?? null);
  await start();
  await segmented(page, before);
  return Number(await page.evaluate(() => document.body.dataset.ms));
}

/** Picks `file` (the page segments it at once): ms of that segmentation. */
export function segmentFile(page: Page, file: string): Promise<number> {
  return timed(page, () => page.setInputFiles('#file', file));
}

/** Segments the current image again: ms. */
export function segmentAgain(page: Page): Promise<number> {
  return timed(page, () => page.click('#run'));
}

/** Whether the page is cross-origin isolated, and its status line (it names the wasm threads used). */
export async function pageThreads(page: Page): Promise<{ crossOriginIsolated: boolean; status: string; threads: number }> {
  const status = (await page.textContent('#status')) ?? '';
  const threads = Number(/(\d+) wasm thread/.exec(status)?.[1] ?? 1);
  return { crossOriginIsolated: await page.evaluate(() => crossOriginIsolated), status, threads };
}
