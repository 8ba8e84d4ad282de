/** Shared by the page tests: a semseg server on a loopback port, Debian's Chromium through playwright-core, screenshots. */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type SemsegServer } from '../../src/server/create-server.js';
import type { ServerOptionsInput } from '../../src/server/options.js';
import { repoRoot } from '../helpers/paths.js';

export const CHROMIUM = '/usr/bin/chromium';
export const webDir = join(repoRoot, 'dist', 'web');
/** Where each view's screenshot goes (the test output). */
export const screenshotDir = join(repoRoot, 'dist', 'test-output', 'web');

/** `{ skip }` for browser tests: a clear message when Chromium or the built page is missing. */
export function needsBrowser(): { skip?: string } {
  if (!existsSync(CHROMIUM)) return { skip: `Chromium not found at ${CHROMIUM} (apt-get install chromium)` };
  if (!existsSync(join(webDir, 'index.html'))) return { skip: `the web page is not built in ${webDir} (npm run build:web)` };
  return {};
}

export interface PageServer {
  server: SemsegServer;
  url: string;
}

export async function startServer(options: ServerOptionsInput = {}): Promise<PageServer> {
  const server = await createServer({ models: ['street', 'person'], workers: 1, threadsPerWorker: 1, host: '127.0.0.1', port: 0, ...options }, { logger: pino({ level: 'silent' }) });
  const address = await server.listen();
  return { server, url: `${address}/` };
}

export function launch(args: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', ...args] });
}

/** Fails the test on any request to another origin (the CSP should make that impossible anyway). */
export function watchOrigins(page: Page, origin: string): string[] {
  const foreign: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['blob:', 'data:'].includes(url.protocol) && url.origin !== origin) foreign.push(request.url());
  });
  return foreign;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Waits for the next finished segmentation (the page stamps body[data-ready]). */
export async function segmented(page: Page, before: string | null, timeout = 120_000): Promise<void> {
  await page.waitForFunction((previous) => document.body.dataset.ready !== undefined && document.body.dataset.ready !== previous, before, { timeout });
  const error = await page.locator('#status.error').count();
  if (error) throw new Error(`the page reported: ${await page.locator('#status').textContent()}`);
}
