import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readModelCard } from '../../src/models/card.js';
import { ensurePersonModel } from '../../src/models/person.js';
import { ensureImportedModel, importCacheKey } from '../../src/models/tflite/cached-import.js';
import { buildTflite } from './synthetic-tflite.js';

async function withCacheDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'semseg-cache-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('ensurePersonModel converts once, then reuses the cached files', () =>
  withCacheDir(async (cacheDir) => {
    const first = await ensurePersonModel({ cacheDir });
    const card = await readModelCard(first.cardPath);
    assert.equal(card.name, 'person');
    assert.deepEqual(card.classes.map((c) => c.name), ['background', 'person']);
    assert.deepEqual(card.input.size, { mode: 'fixed', width: 256, height: 256 });
    assert.equal(card.license, 'Apache-2.0');
    assert.match(card.provenance.source ?? '', /@mediapipe\/selfie_segmentation@.*selfie_segmentation\.tflite/);
    const before = await stat(first.onnxPath);

    const second = await ensurePersonModel({ cacheDir });
    assert.deepEqual(second, first);
    const after = await stat(first.onnxPath);
    assert.equal(after.mtimeMs, before.mtimeMs);
    assert.equal(after.ino, before.ino);
    assert.deepEqual((await readdir(join(cacheDir, dirnameOf(first.onnxPath, cacheDir)))).sort(), ['card.json', 'model.onnx']);

    const landscape = await ensurePersonModel({ cacheDir, variant: 'landscape' });
    assert.notEqual(landscape.onnxPath, first.onnxPath);
    assert.equal((await readModelCard(landscape.cardPath)).input.size.mode, 'fixed');
  }));

test('SEMSEG_CACHE_DIR is the default cache folder', () =>
  withCacheDir(async (cacheDir) => {
    const previous = process.env.SEMSEG_CACHE_DIR;
    process.env.SEMSEG_CACHE_DIR = cacheDir;
    try {
      const { onnxPath } = await ensurePersonModel();
      assert.ok(onnxPath.startsWith(cacheDir));
    } finally {
      if (previous === undefined) delete process.env.SEMSEG_CACHE_DIR;
      else process.env.SEMSEG_CACHE_DIR = previous;
    }
  }));

test('a changed cache key regenerates the model and drops the stale entry', () =>
  withCacheDir(async (cacheDir) => {
    const model = (height: number) =>
      buildTflite({
        tensors: [{ name: 'x', shape: [1, height, 4, 3] }, { name: 'y', shape: [1, height, 4, 3] }],
        inputs: [0],
        outputs: [1],
        operators: [{ builtin: 14, inputs: [0], outputs: [1] }], // LOGISTIC
      });
    const old = await ensureImportedModel({ name: 'tiny', tflite: model(4), cacheDir });
    const fresh = await ensureImportedModel({ name: 'tiny', tflite: model(5), cacheDir });
    assert.notEqual(fresh.onnxPath, old.onnxPath);
    assert.match(await readFile(fresh.cardPath, 'utf8'), /"height": 5/);
    assert.deepEqual(await readdir(cacheDir), [dirnameOf(fresh.onnxPath, cacheDir)]);
  }));

test('the cache key covers the importer version and the card overrides', () => {
  const bytes = Uint8Array.of(1, 2, 3);
  const key = importCacheKey(bytes, undefined);
  assert.match(key, /^[0-9a-f]{16}$/);
  assert.notEqual(importCacheKey(bytes, undefined, 'next'), key);
  assert.notEqual(importCacheKey(bytes, { name: 'other' }), key);
  assert.equal(importCacheKey(Uint8Array.of(1, 2, 3), undefined), key);
});

test('ensurePersonModel validates its options', async () => {
  await assert.rejects(ensurePersonModel({ variant: 'portrait' as 'square' }), { code: 'INVALID_ARGUMENT', message: /Expected "square" or "landscape" for options.variant but received "portrait"/ });
  await assert.rejects(ensurePersonModel({ cacheDir: '' }), { code: 'INVALID_ARGUMENT' });
});

function dirnameOf(path: string, cacheDir: string): string {
  return path.slice(cacheDir.length + 1).split('/')[0];
}
