import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseModelCard } from '../../src/models/card.js';
import { readClassesFile } from '../../src/models/import/classes.js';
import { CardDraft } from '../../src/models/import/draft.js';
import { readHfFolder } from '../../src/models/import/hf-folder.js';
import { importOnnx } from '../../src/models/import/import-onnx.js';
import { fixturesDir } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'semseg-import-'));
after(() => rmSync(work, { recursive: true, force: true }));
const families = join(fixturesDir, 'families');

/** A folder under the test's temporary directory with the given files (objects are written as JSON). */
function folder(name: string, files: Record<string, unknown>): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}

test('the first offer for a field wins and records its source', () => {
  const draft = new CardDraft();
  draft.offer('input.layout', 'NHWC', 'flag');
  draft.offer('input.layout', 'NCHW', 'probe');
  draft.offer('input.mean', undefined, 'nobody');
  draft.offer('classes', [], 'config.json');
  assert.deepEqual(draft.toRawCard(), { input: { layout: 'NHWC' }, output: {}, classes: [] });
  assert.deepEqual(draft.decisions, { 'input.layout': 'flag', classes: 'config.json' });
});

test('Hugging Face config: label2id, shortest_edge, no rescale, no normalisation, bicubic noted', async () => {
  const dir = folder('hf-variants', {
    'config.json': { architectures: ['BeitForSemanticSegmentation'], label2id: { road: 0, sky: 1, car: 2 } },
    'preprocessor_config.json': { size: { shortest_edge: 384 }, resample: 3, do_rescale: false, do_normalize: false },
  });
  const draft = new CardDraft();
  await readHfFolder(dir, draft);
  const raw = draft.toRawCard() as { input: Record<string, unknown>; classes: { name: string }[] };
  assert.deepEqual(raw.classes.map((c) => c.name), ['road', 'sky', 'car']);
  assert.deepEqual(raw.input.size, { mode: 'dynamic', multipleOf: 1, shortestEdge: 384 });
  assert.equal(raw.input.resize, undefined);
  assert.equal(raw.input.valueScale, 1);
  assert.deepEqual([raw.input.mean, raw.input.std], [[0, 0, 0], [1, 1, 1]]);
  assert.equal(raw.input.interpolation, 'pil-bilinear');
  assert.match(draft.decisions['input.interpolation'], /bicubic is not available/);
  assert.match(draft.decisions.description, /architectures/);
});

test('Hugging Face config: num_labels alone, legacy square size, reduce_labels -> ignoreIndex 255', async () => {
  const dir = folder('hf-legacy', { 'config.json': { num_labels: 4 }, 'preprocessor_config.json': { size: 512, reduce_labels: true } });
  const draft = new CardDraft();
  await readHfFolder(dir, draft);
  const raw = draft.toRawCard() as { input: Record<string, unknown>; classes: { name: string }[]; ignoreIndex: number };
  assert.deepEqual(raw.classes.map((c) => c.name), ['class_0', 'class_1', 'class_2', 'class_3']);
  assert.deepEqual(raw.input.size, { mode: 'fixed', width: 512, height: 512 });
  assert.equal(raw.input.resize, 'stretch');
  assert.equal(raw.ignoreIndex, 255);
});

test('Hugging Face config: ids that are not 0..n-1 and unknown size shapes are rejected', async () => {
  const gaps = folder('hf-gaps', { 'config.json': { id2label: { 0: 'a', 2: 'b' } } });
  await assert.rejects(readHfFolder(gaps, new CardDraft()), /ids 0\.\.n-1/);
  const size = folder('hf-size', { 'config.json': { num_labels: 2 }, 'preprocessor_config.json': { size: { longest_edge: 9 } } });
  await assert.rejects(readHfFolder(size, new CardDraft()), /shortest_edge/);
});

test('--classes files: text lines, JSON names, {name, color} objects, id -> name maps', async () => {
  const dir = folder('classes', {
    'a.txt': 'road\n\nsky\n',
    'b.json': ['road', 'sky'],
    'c.json': [{ name: 'road', color: [1, 2, 3] }, { name: 'sky' }],
    'd.json': { 1: 'sky', 0: 'road' },
    'e.json': [3],
  });
  for (const file of ['a.txt', 'b.json', 'c.json', 'd.json']) {
    const classes = await readClassesFile(join(dir, file));
    assert.deepEqual(classes.map((c) => [c.id, c.name]), [[0, 'road'], [1, 'sky']], file);
  }
  assert.deepEqual((await readClassesFile(join(dir, 'c.json')))[0].color, [1, 2, 3]);
  await assert.rejects(readClassesFile(join(dir, 'e.json')), /class name/);
  await assert.rejects(readClassesFile(join(dir, 'missing.txt')), /readable classes file/);
});

test('overrides win over detection and are marked as flags', async () => {
  const { card } = await importOnnx(join(families, 'fcn-r34', 'model.onnx'), {
    name: 'x',
    overrides: { input: { mean: [0.5, 0.5, 0.5], colorOrder: 'BGR' }, output: { alignCorners: true } },
  });
  const parsed = parseModelCard(card);
  assert.deepEqual(parsed.input.mean, [0.5, 0.5, 0.5]);
  assert.equal(parsed.input.colorOrder, 'BGR');
  assert.equal(parsed.output.alignCorners, true);
  assert.deepEqual(parsed.input.std, [0.229, 0.224, 0.225]);
  assert.equal(parsed.import?.decisions['input.mean'], 'flag');
  assert.match(parsed.import?.decisions['input.std'] ?? '', /^assumed/);
  assert.match(parsed.import?.decisions['input.size'] ?? '', /^probe/);
});

test('a label output needs a class list; a non-ONNX file is refused', async () => {
  await assert.rejects(importOnnx(join(families, 'lraspp-mnv3l', 'model.onnx')), { code: 'INVALID_MODEL_CARD', message: /--classes/ });
  await assert.rejects(importOnnx(join(families, 'unet-r18', 'card.json')), { code: 'MODEL_NOT_FOUND' });
  await assert.rejects(importOnnx(folder('not-hf', { 'model.onnx': '' })), /Hugging Face folder/);
});

test('models import: bad flag values are usage errors (exit 2) naming the flag', async () => {
  const onnx = join(work, 'm.onnx');
  copyFileSync(join(families, 'fcn-r34', 'model.onnx'), onnx);
  for (const [flag, value] of [['--size', '12by3'], ['--layout', 'CHW'], ['--mean', '1,2'], ['--scale', '0'], ['--kind', 'scores']]) {
    const result = await runCli(['models', 'import', onnx, '--out', join(work, 'bad'), flag, value]);
    assert.equal(result.code, 2, `${flag} ${value}`);
    assert.match(result.stderr, new RegExp(`for ${flag}`));
  }
});
