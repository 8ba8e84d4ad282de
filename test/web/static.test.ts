/**
 * The static build (dist/web, `npm run build:web`) from a plain file server that knows nothing of semseg and sends
 * no special headers: the page finds no API, runs the model in the browser (1 wasm thread without COOP/COEP) and
 * segments a bundled sample; every request stays on that origin.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { test } from 'node:test';
import { launch, needsBrowser, screenshot, segmented, watchOrigins, webDir } from './helpers.js';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.onnx': 'application/octet-stream', '.png': 'image/png', '.jpg': 'image/jpeg' };

test('the static build runs from a plain static file server: in-browser inference on a sample', { skip: needsBrowser().skip, timeout: 240_000 }, async () => {
  const files = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url!, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    try {
      const body = await readFile(join(webDir, path.endsWith('/') ? `${path}index.html` : path));
      response.writeHead(200, { 'content-type': TYPES[extname(path) || '.html'] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  files.listen(0, '127.0.0.1');
  await once(files, 'listening');
  const origin = `http://127.0.0.1:${(files.address() as { port: number }).port}`;
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const foreign = watchOrigins(page, origin);
    await page.goto(`${origin}/`);
    await page.waitForSelector('body[data-started="true"]');
    assert.match((await page.textContent('#mode')) ?? '', /Static site: models run in this browser, nothing leaves the machine · 1 wasm thread/);
    assert.equal(await page.locator('#api-key-box').isHidden(), true);
    const sample = await page.$eval('#sample option:nth-child(2)', (o) => (o as HTMLOptionElement).value);
    const ready = await page.evaluate(() => document.body.dataset.ready ?? null);
    await page.selectOption('#sample', sample);
    await segmented(page, ready, 180_000);
    assert.match((await page.textContent('#status')) ?? '', /\(browser/);
    const shares = await page.$$eval('#legend li .share', (cells) => cells.map((c) => Number((c as HTMLElement).dataset.share)));
    assert.ok(shares.length > 1 && Math.abs(shares.reduce((a, b) => a + b, 0) - 1) < 1e-6, `legend shares ${shares}`);
    await screenshot(page, 'static-site');
    assert.deepEqual(foreign, []);
  } finally {
    await browser.close();
    files.close();
  }
});
