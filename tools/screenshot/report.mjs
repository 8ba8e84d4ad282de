#!/usr/bin/env node
// Full-page screenshot of an evaluation report.html in headless Chromium (offline: the page needs no network).
// Usage: node tools/screenshot/report.mjs <report.html> <out.png> [--width 1280] [--max-height 8000] [--scale 0.7]
// The capture is cut at --max-height CSS pixels, scaled by --scale and written as a palette PNG to stay small.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import sharp from 'sharp';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    width: { type: 'string', default: '1280' },
    'max-height': { type: 'string', default: '8000' },
    scale: { type: 'string', default: '0.7' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});
if (positionals.length !== 2) {
  console.error('usage: node tools/screenshot/report.mjs <report.html> <out.png> [--width 1280] [--max-height 8000] [--scale 0.7]');
  process.exit(2);
}
const [input, output] = positionals;
const width = Number(values.width);
const maxHeight = Number(values['max-height']);
const scale = Number(values.scale);

const browser = await chromium.launch({
  executablePath: values.chromium,
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
  await page.route(/^https?:/, (route) => route.abort());
  await page.goto(pathToFileURL(resolve(input)).href, { waitUntil: 'load' });
  const height = Math.min(maxHeight, await page.evaluate(() => document.documentElement.scrollHeight));
  const shot = await page.screenshot({ clip: { x: 0, y: 0, width, height }, fullPage: true });
  const info = await sharp(shot)
    .resize(Math.round(width * scale))
    .png({ palette: true, colours: 256, compressionLevel: 9, effort: 10 })
    .toFile(output);
  console.log(`${output}: ${info.width}x${info.height}, ${(info.size / 1024).toFixed(0)} KiB (page ${width}x${height} CSS px)`);
} finally {
  await browser.close();
}
