/**
 * At least once, never duplicated: two worker processes share a queue of 40 images; one is killed (SIGKILL) right
 * after it starts a job. Every image completes, the killed worker's job is run again by the other, every output
 * exists once and is byte-identical to `semseg predict` on the same images; resubmitting the batch adds nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { waitFor } from '../helpers/wait-for.js';
import { cliPath, fixturesDir } from '../helpers/paths.js';
import { runInProcess } from '../helpers/cli-io.js';
import { queueStatus, queueTarget } from '../../src/jobs/index.js';
import { TEMPORARY_PREFIX } from '../../src/io/file-sink.js';
import { needsRedis, startRedis } from './redis-server.js';
import { writeTestImages } from './images.js';

const model = join(fixturesDir, 'inference', 'pointwise.onnx');
const OUTPUTS = 'labels,color,overlay,json';

interface Spawned {
  child: ChildProcess;
  lines: string[];
}

function spawnWorker(url: string): Spawned {
  const args = [cliPath, 'jobs', 'worker', '--queue', url, '--workers', '1', '--threads', '1', '--concurrency', '2', '--lock-duration', '2000', '--stalled-interval', '1000'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let rest = '';
  child.stdout!.on('data', (d: Buffer) => {
    const parts = (rest + d.toString()).split('\n');
    rest = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr!.on('data', (d: Buffer) => process.stderr.write(`[worker] ${d}`));
  return { child, lines };
}

const idsOf = (lines: string[], verb: string) => lines.filter((l) => l.startsWith(`${verb} `)).map((l) => l.split(' ')[2]);

async function filesOf(folder: string): Promise<string[]> {
  return (await readdir(folder)).sort();
}

test('two workers, one killed mid-job: every image once, byte-identical to semseg predict, resubmit adds nothing', needsRedis(), async () => {
  const redis = await startRedis();
  const dir = await mkdtemp(join(tmpdir(), 'semseg-jobs-kill-'));
  const workers: Spawned[] = [];
  try {
    const images = join(dir, 'images');
    await writeTestImages(images, 40, 640, 480);
    const out = join(dir, 'out');
    const submit = ['jobs', 'submit', images, '--queue', redis.url, '-m', model, '-o', out, '--outputs', OUTPUTS];
    const a = spawnWorker(redis.url);
    const b = spawnWorker(redis.url);
    workers.push(a, b);
    await waitFor('both workers to be ready', () => [a, b].every((w) => w.lines.some((l) => l.startsWith('worker ready'))));
    const first = await runInProcess(submit);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /queued 40 new job\(s\), 0 already/);
    await waitFor('worker A to finish a few jobs', () => idsOf(a.lines, 'done').length >= 3);
    // Freeze A right after it starts a job, then kill it: its in-flight locks are never released. A job can finish
    // between its `start` line and the signal with its `done` line lost, so Redis, not A's log, says what was in flight.
    const startedBefore = idsOf(a.lines, 'start').length;
    await waitFor('worker A to start another job', () => idsOf(a.lines, 'start').length > startedBefore);
    a.child.kill('SIGSTOP');
    await sleep(300);
    const target = queueTarget(redis.url);
    const queue = new Queue(target.name, { connection: target.connection });
    try {
      const doneByA = new Set(idsOf(a.lines, 'done'));
      const inFlight: string[] = [];
      for (const id of idsOf(a.lines, 'start')) if (!doneByA.has(id) && (await queue.getJobState(id)) === 'active') inFlight.push(id);
      a.child.kill('SIGKILL');
      await once(a.child, 'exit');
      assert.ok(inFlight.length >= 1, 'worker A had a job in flight when killed');
      await waitFor('every job to complete', async () => (await queueStatus(queue)).done === 40, 90_000);
      const status = await queueStatus(queue);
      assert.deepEqual({ failed: status.failed, waiting: status.waiting, active: status.active, retrying: status.retrying }, { failed: 0, waiting: 0, active: 0, retrying: 0 });
      for (const id of inFlight) {
        assert.ok(idsOf(b.lines, 'start').includes(id), `job ${id} of the killed worker was run again by worker B`);
        assert.equal(await queue.getJobState(id), 'completed');
      }
    } finally {
      await queue.close();
    }

    b.child.kill('SIGTERM');
    const [code] = (await once(b.child, 'exit')) as [number | null];
    assert.equal(code, 143, 'SIGTERM: the worker stops cleanly with 143');

    const reference = join(dir, 'reference');
    const predicted = await runInProcess(['predict', images, '-m', model, '-o', reference, '--outputs', OUTPUTS, '--no-progress']);
    assert.equal(predicted.code, 0, predicted.stderr);
    const expected = (await filesOf(reference)).filter((f) => f !== 'summary.json');
    assert.equal(expected.length, 160);
    // A killed worker may leave a hidden temporary file of a write it never finished; never a visible partial output.
    const written = (await filesOf(out)).filter((f) => !f.startsWith(TEMPORARY_PREFIX));
    assert.deepEqual(written, expected, 'exactly one file per output of every image');
    for (const name of expected) assert.ok((await readFile(join(out, name))).equals(await readFile(join(reference, name))), `${name} equals semseg predict's`);

    const again = await runInProcess(submit);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /queued 0 new job\(s\), 40 already/);
  } finally {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
