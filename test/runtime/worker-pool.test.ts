import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerPool } from '../../src/runtime/worker-pool.js';

const script = new URL('../fixtures/pool-test-worker.js', import.meta.url);
interface Done { threadId: number; start: number; end: number; bytes: number }
const withCode = (code: string) => (e: Error & { code?: string }) => e.code === code;

test('jobs run concurrently on different workers', async () => {
  const pool = new WorkerPool(script, { size: 2 });
  await pool.ready();
  const [a, b] = await Promise.all([pool.run<Done>({ op: 'sleep', ms: 300 }), pool.run<Done>({ op: 'sleep', ms: 300 })]);
  assert.notEqual(a.threadId, b.threadId);
  // the two jobs overlapped in time: each started before the other ended
  assert.ok(a.start < b.end && b.start < a.end);
  await pool.close();
});

test('more jobs than workers queue up and all complete', async () => {
  const pool = new WorkerPool(script, { size: 2 });
  const results = await Promise.all(Array.from({ length: 7 }, () => pool.run<Done>({ op: 'sleep', ms: 10 })));
  assert.equal(results.length, 7);
  assert.equal(pool.stats().completed, 7);
  await pool.close();
});

test('a failing job fails alone; the pool stays usable', async () => {
  const pool = new WorkerPool(script, { size: 1 });
  await assert.rejects(pool.run({ op: 'throw' }), /job failed on purpose/);
  const ok = await pool.run<Done>({ op: 'echo' });
  assert.ok(ok.threadId > 0);
  assert.equal(pool.stats().failed, 1);
  await pool.close();
});

test('a crashed worker fails its job and is replaced', async () => {
  const pool = new WorkerPool(script, { size: 1 });
  await pool.ready();
  const before = await pool.run<Done>({ op: 'echo' });
  const crashed = pool.run({ op: 'crash' });
  const queued = pool.run<Done>({ op: 'echo' });
  await assert.rejects(crashed, withCode('WORKER_CRASHED'));
  const after = await queued;
  assert.notEqual(after.threadId, before.threadId);
  assert.equal(pool.stats().restarts, 1);
  await pool.close();
});

test('transferred buffers arrive whole and leave the sender', async () => {
  const pool = new WorkerPool(script, { size: 1 });
  const buffer = new ArrayBuffer(1 << 20);
  const done = await pool.run<Done>({ op: 'echo', buffer }, { transfer: [buffer] });
  assert.equal(done.bytes, 1 << 20);
  assert.equal(buffer.byteLength, 0);
  await pool.close();
});

test('a job holding a view on an already transferred buffer fails instead of staying pending', async () => {
  const pool = new WorkerPool(script, { size: 1 });
  const view = new Int32Array(4);
  await pool.run({ op: 'echo', view }, { transfer: [view.buffer] });
  await assert.rejects(pool.run({ op: 'echo', view }, { transfer: [view.buffer] }), /detached/);
  assert.ok(await pool.run<Done>({ op: 'echo' }));
  await pool.close();
});

test('a worker that cannot start rejects ready() and every job', async () => {
  const pool = new WorkerPool(new URL('../fixtures/does-not-exist.js', import.meta.url), { size: 2 });
  await assert.rejects(pool.ready());
  await assert.rejects(pool.run({ op: 'echo' }));
  await pool.close();
});

test('a closed pool refuses jobs', async () => {
  const pool = new WorkerPool(script, { size: 1 });
  await pool.close();
  await assert.rejects(pool.run({ op: 'echo' }), withCode('POOL_CLOSED'));
});

test('a full queue rejects the next job at once with BUSY; the queued ones still run', async () => {
  const pool = new WorkerPool(script, { size: 1, maxQueue: 2 });
  await pool.ready();
  const running = pool.run<Done>({ op: 'sleep', ms: 200 });
  const queued = [pool.run<Done>({ op: 'echo' }), pool.run<Done>({ op: 'echo' })];
  assert.equal(pool.stats().queueDepth, 2);
  await assert.rejects(pool.run({ op: 'echo' }), withCode('BUSY'));
  await Promise.all([running, ...queued]);
  assert.equal(pool.stats().completed, 3);
  await pool.close();
});

test('aborting a queued job removes it from the queue and rejects it with CANCELLED', async () => {
  const pool = new WorkerPool(script, { size: 1 });
  await pool.ready();
  const running = pool.run<Done>({ op: 'sleep', ms: 200 });
  const controller = new AbortController();
  const queued = pool.run({ op: 'echo' }, { signal: controller.signal });
  controller.abort();
  await assert.rejects(queued, withCode('CANCELLED'));
  assert.equal(pool.stats().queueDepth, 0);
  await running;
  await assert.rejects(pool.run({ op: 'echo' }, { signal: AbortSignal.abort() }), withCode('CANCELLED'));
  assert.equal(pool.stats().cancelled, 2);
  await pool.close();
});

test('aborting a running job rejects it at once; the worker finishes and is reused, not replaced', async () => {
  const pool = new WorkerPool(script, { size: 1 });
  await pool.ready();
  const controller = new AbortController();
  const running = pool.run<Done>({ op: 'sleep', ms: 300 }, { signal: controller.signal });
  const next = pool.run<Done>({ op: 'echo' });
  await new Promise((r) => setTimeout(r, 50));
  controller.abort();
  await assert.rejects(running, withCode('CANCELLED'));
  // The next job waits for the cancelled run to end on the same worker.
  assert.equal(pool.stats().busyWorkers, 1);
  const after = await next;
  assert.ok(after.threadId > 0);
  assert.equal(pool.stats().restarts, 0);
  await pool.close();
});

test('a job past its timeout rejects with TIMEOUT and its hung worker is replaced', async () => {
  const pool = new WorkerPool(script, { size: 1 });
  await pool.ready();
  const first = await pool.run<Done>({ op: 'echo' });
  await assert.rejects(pool.run({ op: 'hang' }, { timeoutMs: 200 }), withCode('TIMEOUT'));
  const after = await pool.run<Done>({ op: 'echo' });
  assert.notEqual(after.threadId, first.threadId);
  const stats = pool.stats();
  assert.equal(stats.timedOut, 1);
  assert.equal(stats.restarts, 1);
  await pool.close();
});

test('a queued job whose timeout passes leaves the queue without touching the busy worker', async () => {
  const pool = new WorkerPool(script, { size: 1 });
  await pool.ready();
  const running = pool.run<Done>({ op: 'sleep', ms: 300 });
  await assert.rejects(pool.run({ op: 'echo' }, { timeoutMs: 50 }), withCode('TIMEOUT'));
  await running;
  assert.equal(pool.stats().restarts, 0);
  await pool.close();
});

test('close() without drain rejects running and queued jobs with POOL_CLOSED', async () => {
  const pool = new WorkerPool(script, { size: 1 });
  await pool.ready();
  const running = assert.rejects(pool.run({ op: 'hang' }), withCode('POOL_CLOSED'));
  const queued = assert.rejects(pool.run({ op: 'echo' }), withCode('POOL_CLOSED'));
  await new Promise((r) => setTimeout(r, 50));
  await pool.close();
  await Promise.all([running, queued]);
});

test('close({ drain: true }) lets running and queued jobs finish, refuses new ones, then stops', async () => {
  const pool = new WorkerPool(script, { size: 1 });
  await pool.ready();
  const jobs = [pool.run<Done>({ op: 'sleep', ms: 100 }), pool.run<Done>({ op: 'echo' })];
  const closing = pool.close({ drain: true });
  await assert.rejects(pool.run({ op: 'echo' }), withCode('POOL_CLOSED'));
  const done = await Promise.all(jobs);
  await closing;
  assert.equal(done.length, 2);
  assert.equal(pool.stats().completed, 2);
});

test('stats report run durations of completed jobs', async () => {
  const pool = new WorkerPool(script, { size: 2 });
  await Promise.all([40, 40, 40, 40].map((ms) => pool.run({ op: 'sleep', ms })));
  const { runs, workers, busyWorkers } = pool.stats();
  assert.equal(workers, 2);
  assert.equal(busyWorkers, 0);
  assert.equal(runs.count, 4);
  assert.ok(runs.p50Ms >= 35 && runs.p95Ms >= runs.p50Ms && runs.meanMs >= 35, JSON.stringify(runs));
  await pool.close();
});
