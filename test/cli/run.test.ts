import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInProcess } from '../helpers/cli-io.js';
import { repoRoot } from '../helpers/paths.js';
import { firstLine } from '../../src/core/errors.js';

test('run(argv, io) runs a command in process and returns its exit code', async () => {
  const out = await mkdtemp(join(tmpdir(), 'semseg-run-'));
  const result = await runInProcess(['predict', join(repoRoot, 'samples', 'camvid-0001TP_008550.png'), '--out', out, '--workers', '1', '--no-progress']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /1 image\(s\): 1 written, 0 failed/);
  assert.ok((await readdir(out)).includes('summary.json'));
  const version = await runInProcess(['--version']);
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
});

test('usage and model errors are one line with their code; the stack only with --debug', async () => {
  const missing = await runInProcess(['predict', join(repoRoot, 'samples'), '--model', '/no/such/model.onnx', '--out', await mkdtemp(join(tmpdir(), 'semseg-run-'))]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^error: Expected an embedded model name .* \[MODEL_NOT_FOUND\]\n$/);
  const debug = await runInProcess(['predict', join(repoRoot, 'samples'), '--model', '/no/such/model.onnx', '--debug', '--out', await mkdtemp(join(tmpdir(), 'semseg-run-'))]);
  assert.equal(debug.code, 2);
  assert.match(debug.stderr, /\[MODEL_NOT_FOUND\]\n\s*SemsegError: .*\n\s+at /);
  const unknown = await runInProcess(['predict']);
  assert.equal(unknown.code, 2);
  assert.equal(firstLine(`first\nsecond`, 1000), 'first');
  assert.equal(firstLine('x'.repeat(2000), 1000).length, 1000);
});

test('an internal error is one line and exit 3; --debug adds the stack', async () => {
  const { describeFailure } = await import('../../src/cli/run.js');
  const plain = describeFailure(new TypeError('x is undefined\nmore'), false);
  assert.equal(plain.exit, 3);
  assert.equal(plain.line, 'error: internal error: x is undefined [INTERNAL] (run with --debug for the stack)');
  const debug = describeFailure(new TypeError('x is undefined'), true);
  assert.match(debug.line, /\[INTERNAL\]\nTypeError: x is undefined\n\s+at /);
});

test('predict warns once about each option that has no effect', async () => {
  const out = await mkdtemp(join(tmpdir(), 'semseg-run-'));
  const sample = join(repoRoot, 'samples', 'camvid-0001TP_008550.png');
  const result = await runInProcess(['predict', sample, '--out', out, '--workers', '1', '--mode', 'whole', '--stride', '64', '--outputs', 'labels', '--opacity', '0.3', '--no-progress']);
  assert.equal(result.code, 0, result.stderr);
  const warnings = result.stderr.trim().split('\n');
  assert.deepEqual(warnings, [
    'warning: --stride has no effect with --mode whole (the model sees the whole image, there are no windows); ignored',
    'warning: --opacity has no effect without the overlay output (--outputs labels); ignored',
  ]);
});

test('a window too small for the model is refused once, before any image, exit 2', async () => {
  const out = await mkdtemp(join(tmpdir(), 'semseg-run-'));
  const result = await runInProcess(['predict', join(repoRoot, 'samples'), '--out', out, '--workers', '1', '--mode', 'slide', '--crop', '10', '--no-progress']);
  assert.equal(result.code, 2);
  assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  assert.match(result.stderr, /^error: Expected .*crop.* \[INVALID_ARGUMENT\]\n$/);
  assert.deepEqual(await readdir(out), [], 'no image was processed');
});
