/**
 * The page against a server with API keys: the page's own files load without a key, the API refuses the page
 * until the user enters the key, then models list and an image segments on the server; the label PNG download
 * is one grey channel of class ids, equal to the server's labels.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { camvidRoot, needsCamvid } from '../helpers/paths.js';
import { launch, needsBrowser, segmented, startServer } from './helpers.js';

const skip = needsBrowser().skip ?? needsCamvid().skip;
const KEY = 'page-test-key-0123456789';
const framePath = join(camvidRoot, 'test', '0001TP_008550.png');

test('with API keys on: the page asks for the key, then segments; the label download is grey class ids', { skip, timeout: 240_000 }, async () => {
  const served = await startServer({ models: ['street'], apiKeys: [KEY] });
  const browser = await launch();
  try {
    assert.equal((await fetch(served.url)).status, 200, 'the page itself needs no key');
    assert.equal((await fetch(`${served.url}v1/models`)).status, 401, 'the API does');
    const page = await browser.newPage({ acceptDownloads: true });
    await page.goto(served.url);
    await page.waitForSelector('body[data-started="true"]');
    assert.match((await page.textContent('#status')) ?? '', /needs an API key/);
    assert.equal(await page.locator('#model-a option').count(), 0);
    await page.fill('#api-key', KEY);
    await Promise.all([page.waitForNavigation(), page.click('#api-key-use')]);
    await page.waitForSelector('body[data-started="true"]');
    assert.deepEqual(await page.$$eval('#model-a option', (options) => options.map((o) => (o as HTMLOptionElement).value)), ['street']);
    const ready = await page.evaluate(() => document.body.dataset.ready ?? null);
    await page.setInputFiles('#file', framePath);
    await segmented(page, ready);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[data-download="labels"]')]);
    const png = await readFile((await download.path())!);
    const meta = await sharp(png).metadata();
    assert.deepEqual([meta.channels, meta.space, meta.depth], [1, 'b-w', 'uchar'], 'one 8-bit grey channel');
    const data = await sharp(png).extractChannel(0).raw().toBuffer();
    const response = await fetch(`${served.url}v1/segment?model=street&outputs=labels`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` }, body: await readFile(framePath) });
    assert.equal(response.status, 200);
    const server = await sharp(Buffer.from(await response.arrayBuffer())).extractChannel(0).raw().toBuffer();
    assert.ok(data.equals(server), 'the downloaded labels are the server labels');
  } finally {
    await browser.close();
    await served.server.close();
  }
});
