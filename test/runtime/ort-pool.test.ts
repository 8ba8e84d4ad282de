/** One onnxruntime pool shared by several models; clean failures on corrupt models; no process or disk left behind. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInferencePool, createOrtBackend, ortBackendFactory } from '../../src/runtime/ort-backend.js';
import { streetOnnx } from '../helpers/models.js';
import { inferenceFixtures } from '../inference/helpers.js';

const withCode = (code: string) => (e: Error & { code?: string }) => e.code === code;
const input = (h: number, w: number) => ({ input: { type: 'float32' as const, data: new Float32Array(3 * h * w), dims: [1, 3, h, w] } });

interface ChildResult { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; killed: boolean }

/** Runs a compiled child script; a generous kill timer bounds a hang, the assertions are on how it ended. */
function runChild(script: string, args: string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [new URL(`./children/${script}`, import.meta.url).pathname, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    const timer = setTimeout(() => ((killed = true), child.kill('SIGKILL')), 240_000);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, killed });
    });
  });
}

test('two models share one pool: both run on its workers; disposing one leaves the other; closing the pool ends both', async () => {
  const pool = createInferencePool({ workers: 2, threadsPerWorker: 1 });
  const street = await pool.load(streetOnnx);
  const conv3 = await ortBackendFactory.create({ path: join(inferenceFixtures, 'conv3.onnx') }, { pool });
  assert.equal(street.workers, 2);
  assert.equal(conv3.workers, 2);
  const [a, b] = await Promise.all([street.run(input(32, 32)), conv3.run(input(8, 8))]);
  assert.deepEqual(a.logits.dims, [1, 11, 32, 32]);
  assert.equal(Object.values(b)[0].dims[2], 8);
  await conv3.dispose();
  await assert.rejects(conv3.run(input(8, 8)), withCode('POOL_CLOSED'));
  assert.deepEqual((await street.run(input(16, 16))).logits.dims, [1, 11, 16, 16]);
  const stats = pool.stats();
  assert.equal(stats.workers, 2);
  assert.equal(stats.failed, 0);
  await pool.close();
  await assert.rejects(street.run(input(16, 16)), withCode('POOL_CLOSED'));
});

test('a model given as bytes loads like a file', async () => {
  const backend = await ortBackendFactory.create({ bytes: new Uint8Array(readFileSync(streetOnnx)) }, { workers: 1, threadsPerWorker: 1 });
  assert.deepEqual((await backend.run(input(8, 8))).logits.dims, [1, 11, 8, 8]);
  await backend.dispose();
});

test('a shared pool is bounded: jobs beyond maxQueue reject with BUSY at once', async () => {
  const pool = createInferencePool({ workers: 1, threadsPerWorker: 1, maxQueue: 1 });
  const backend = await pool.load(streetOnnx);
  const running = backend.run(input(720, 960));
  const queued = backend.run(input(8, 8));
  await assert.rejects(backend.run(input(8, 8)), withCode('BUSY'));
  await Promise.all([running, queued]);
  await pool.close({ drain: true });
});

test('a worker replaced after a timeout gets the loaded models again and serves the next job', async () => {
  const backend = await createOrtBackend(streetOnnx, { workers: 1, threadsPerWorker: 1 });
  await assert.rejects(backend.run(input(1440, 1920), undefined, { timeoutMs: 1 }), withCode('TIMEOUT'));
  assert.deepEqual((await backend.run(input(8, 8))).logits.dims, [1, 11, 8, 8]);
  await backend.dispose();
});

test('closing during a run and after a timeout settles both at once; the process survives the runs returning and exits', async () => {
  const result = await runChild('close-mid-run.js');
  assert.equal(result.killed, false);
  assert.equal(result.signal, null, result.stderr.slice(-400));
  assert.equal(result.code, 0, result.stderr.slice(-400));
  assert.deepEqual(JSON.parse(result.stdout), ['TIMEOUT', 'POOL_CLOSED']);
});

test('a file that is not a model is MODEL_LOAD_FAILED, never WORKER_CRASHED', async () => {
  await assert.rejects(createOrtBackend(new URL(import.meta.url).pathname, { workers: 2 }), (e: Error & { code?: string }) => e.code === 'MODEL_LOAD_FAILED' && /onnxruntime could not load/.test(e.message));
});

test('seeded truncated and byte-flipped street models, loaded with 2 workers, fail cleanly with MODEL_LOAD_FAILED (no abort)', async () => {
  const result = await runChild('load-corrupt.js', ['20']);
  assert.equal(result.killed, false, 'the child finished');
  assert.equal(result.signal, null, `the child ended by signal ${result.signal}: ${result.stderr.slice(-400)}`);
  assert.equal(result.code, 0, result.stderr.slice(-400));
  const outcomes = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { name: string; outcome: string });
  assert.equal(outcomes.length, 21);
  assert.deepEqual(outcomes[20], { name: 'flipped-35450-59058', outcome: 'MODEL_LOAD_FAILED' }, 'a load error quoting graph nodes stays one bounded line');
  for (const { name, outcome } of outcomes) assert.ok(outcome === 'MODEL_LOAD_FAILED' || outcome === 'loaded', `${name}: ${outcome}`);
  assert.ok(outcomes.filter((o) => o.outcome === 'MODEL_LOAD_FAILED').length >= 10, 'most copies are broken');
});

test('a script that never disposes its model exits by itself, and leaves nothing in HOME or TMPDIR (telemetry off)', async () => {
  const home = mkdtempSync(join(tmpdir(), 'semseg-home-'));
  const temp = mkdtempSync(join(tmpdir(), 'semseg-tmp-'));
  try {
    const { ORT_DISABLE_TELEMETRY: _unset, ...env } = process.env;
    const result = await runChild('forget-dispose.js', [], { ...env, HOME: home, TMPDIR: temp });
    assert.equal(result.killed, false, 'the child exited without dispose()');
    assert.equal(result.code, 0, result.stderr.slice(-400));
    assert.deepEqual(JSON.parse(result.stdout), { pixels: 64 * 48 });
    assert.deepEqual(readdirSync(home), []);
    assert.deepEqual(readdirSync(temp), []);
  } finally {
    rmSync(home, { recursive: true, force: true });
    rmSync(temp, { recursive: true, force: true });
  }
});
