import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerPool } from '../../src/runtime/worker-pool.js';

const script = new URL('../fixtures/pool-test-worker.js', import.meta.url);
interface Done { threadId: number; start: number; end: number; bytes: number }

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
  await pool.close();
});

test('a failing job fails alone; the pool stays usable', async () => {
  const pool = new WorkerPool(script, { size: 1 });
  await assert.rejects(pool.run({ op: 'throw' }), /job failed on purpose/);
  const ok = await pool.run<Done>({ op: 'echo' });
  assert.ok(ok.threadId > 0);
  await pool.close();
});

test('a crashed worker fails its job and is replaced', async () => {
  const pool = new WorkerPool(script, { size: 1 });
  await pool.ready();
  const before = await pool.run<Done>({ op: 'echo' });
  const crashed = pool.run({ op: 'crash' });
  const queued = pool.run<Done>({ op: 'echo' });
  await assert.rejects(crashed, (e: Error & { code?: string }) => e.code === 'WORKER_CRASHED');
  const after = await queued;
  assert.notEqual(after.threadId, before.threadId);
  assert.equal(pool.replaced.count, 1);
  await pool.close();
});

test('transferred buffers arrive whole and leave the sender', async () => {
  const pool = new WorkerPool(script, { size: 1 });
  const buffer = new ArrayBuffer(1 << 20);
  const done = await pool.run<Done>({ op: 'echo', buffer }, [buffer]);
  assert.equal(done.bytes, 1 << 20);
  assert.equal(buffer.byteLength, 0);
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
  await assert.rejects(pool.run({ op: 'echo' }), (e: Error & { code?: string }) => e.code === 'POOL_CLOSED');
});
