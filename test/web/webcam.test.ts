/**
 * The webcam view with Chromium's fake camera playing a .y4m made from CamVid frames: the person model runs in the
 * page, FPS is above 0 and the background (a street scene, no one in it) is replaced by the chosen colour.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { camvidRoot, needsCamvid } from '../helpers/paths.js';
import { launch, needsBrowser, screenshot, startServer, watchOrigins } from './helpers.js';

const WIDTH = 320;
const HEIGHT = 240;

/** RGB -> one I420 frame (BT.601, studio range), as y4m's C420 wants it. */
function i420(rgb: Buffer): Buffer {
  const y = Buffer.alloc(WIDTH * HEIGHT);
  const u = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2));
  const v = Buffer.alloc(u.length);
  for (let p = 0; p < WIDTH * HEIGHT; p++) {
    const [r, g, b] = [rgb[p * 3], rgb[p * 3 + 1], rgb[p * 3 + 2]];
    y[p] = Math.round(16 + 0.257 * r + 0.504 * g + 0.098 * b);
    const px = p % WIDTH;
    const py = Math.floor(p / WIDTH);
    if (px % 2 === 0 && py % 2 === 0) {
      const q = (py / 2) * (WIDTH / 2) + px / 2;
      u[q] = Math.round(128 - 0.148 * r - 0.291 * g + 0.439 * b);
      v[q] = Math.round(128 + 0.439 * r - 0.368 * g - 0.071 * b);
    }
  }
  return Buffer.concat([y, u, v]);
}

async function makeY4m(path: string): Promise<void> {
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`)];
  for (const id of ['0001TP_008550', '0001TP_008580', '0001TP_008610']) {
    const rgb = await sharp(join(camvidRoot, 'test', `${id}.png`)).resize(WIDTH, HEIGHT).removeAlpha().raw().toBuffer();
    const frame = i420(rgb);
    for (let k = 0; k < 3; k++) parts.push(Buffer.from('FRAME\n'), frame);
  }
  await writeFile(path, Buffer.concat(parts));
}

test('webcam view (fake camera): FPS above 0 and the background replaced', { skip: needsBrowser().skip ?? needsCamvid().skip, timeout: 180_000 }, async () => {
  const folder = await mkdtemp(join(tmpdir(), 'semseg-web-cam-'));
  const y4m = join(folder, 'camvid.y4m');
  await makeY4m(y4m);
  const served = await startServer({ models: ['person'] });
  const browser = await launch(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`]);
  try {
    const context = await browser.newContext({ permissions: ['camera'], viewport: { width: 1100, height: 1400 } });
    const page = await context.newPage();
    const foreign = watchOrigins(page, new URL(served.url).origin);
    await page.goto(served.url);
    await page.waitForSelector('body[data-started="true"]');
    await page.selectOption('#cam-effect', 'color');
    await page.fill('#cam-color', '#2060c0');
    await page.click('#cam-start');
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('#cam-out')!.dataset.frames ?? 0) >= 8, undefined, { timeout: 120_000 });
    await page.waitForFunction(() => /FPS [1-9]|FPS 0\.[1-9]/.test(document.querySelector('#cam-fps')!.textContent ?? ''), undefined, { timeout: 30_000 });
    const fps = Number((await page.textContent('#cam-fps'))!.replace('FPS ', ''));
    assert.ok(fps > 0, `FPS ${fps}`);
    assert.match((await page.textContent('#cam-ms')) ?? '', /^inference \d+ ms$/);
    const replaced = await page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('#cam-out')!;
      const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let near = 0;
      for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - 0x20) + Math.abs(d[i + 1] - 0x60) + Math.abs(d[i + 2] - 0xc0) < 40) near++;
      return near / (d.length / 4);
    });
    assert.ok(replaced > 0.3, `share of background-coloured pixels ${replaced.toFixed(3)}`);
    await page.locator('#webcam').scrollIntoViewIfNeeded();
    await screenshot(page, 'webcam');
    await page.click('#cam-stop');
    assert.deepEqual(foreign, []);
  } finally {
    await browser.close();
    await served.server.close();
    await rm(folder, { recursive: true, force: true });
  }
});
