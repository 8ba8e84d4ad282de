/**
 * SIGTERM with a job in flight and --shutdown-timeout 0: the worker hands the job back to the queue (waiting, no
 * attempt used) and exits 143; a second worker (--until-empty) completes everything. While it runs, the first
 * worker's --metrics-port serves the queue's Prometheus metrics.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { waitFor } from '../helpers/wait-for.js';
import { cliPath } from '../helpers/paths.js';
import { runInProcess } from '../helpers/cli-io.js';
import { queueStatus, queueTarget } from '../../src/jobs/index.js';
import { freePort, needsRedis, startRedis } from './redis-server.js';
import { writeTestImages } from './images.js';

const spawned: ChildProcess[] = [];

function spawnWorker(args: string[]) {
  const child = spawn(process.execPath, [cliPath, 'jobs', 'worker', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d: Buffer) => (out.stdout += d));
  child.stderr!.on('data', (d: Buffer) => (out.stderr += d));
  spawned.push(child);
  return { child, out };
}

test('SIGTERM past --shutdown-timeout hands the job in flight back (no attempt used); --metrics-port serves Prometheus metrics', needsRedis(), async () => {
  const redis = await startRedis();
  const dir = await mkdtemp(join(tmpdir(), 'semseg-jobs-shutdown-'));
  const target = queueTarget(redis.url);
  const queue = new Queue(target.name, { connection: target.connection });
  const children = spawned;
  try {
    const images = join(dir, 'images');
    // Large enough that the street model is still running when SIGTERM arrives (0 s grace: the hand-back is immediate).
    await writeTestImages(images, 3, 1280, 960);
    const out = join(dir, 'out');
    const submitted = await runInProcess(['jobs', 'submit', images, '--queue', redis.url, '-m', 'street', '-o', out, '--outputs', 'labels,json']);
    assert.equal(submitted.code, 0, submitted.stderr);
    const port = await freePort();
    const a = spawnWorker(['--queue', redis.url, '--workers', '1', '--threads', '1', '--concurrency', '1', '--shutdown-timeout', '0', '--metrics-port', String(port)]);
    await waitFor('worker A to start a job', () => /^start /m.test(a.out.stdout), 90_000);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    assert.match(metrics, new RegExp(`^bullmq_job_count\\{queue="${target.name}", state="active"\\} 1$`, 'm'), metrics);
    assert.match(metrics, new RegExp(`^bullmq_job_count\\{queue="${target.name}", state="waiting"\\} 2$`, 'm'));
    // Valid exposition format: no label twice in one series, the text ends with a newline.
    for (const line of metrics.split('\n').filter((l) => l && !l.startsWith('#'))) {
      const names = [...line.matchAll(/(\w+)="/g)].map((m) => m[1]);
      assert.equal(new Set(names).size, names.length, line);
    }
    assert.ok(metrics.endsWith('\n'));
    const inFlight = /^start \S+ (\S+)/m.exec(a.out.stdout)![1];
    a.child.kill('SIGTERM');
    const [code] = (await once(a.child, 'exit')) as [number | null];
    assert.equal(code, 143, a.out.stderr);
    assert.match(a.out.stderr, /handed 1 job\(s\) back to the queue/);
    assert.doesNotMatch(a.out.stdout, new RegExp(`^done \\S+ ${inFlight}`, 'm'));
    const job = await queue.getJob(inFlight);
    assert.equal(await job!.getState(), 'waiting');
    assert.equal(job!.attemptsMade, 0, 'a handed-back job has used no attempt');

    const b = spawnWorker(['--queue', redis.url, '--workers', '1', '--threads', '1', '--until-empty']);
    const [codeB] = (await once(b.child, 'exit')) as [number | null];
    assert.equal(codeB, 0, b.out.stderr);
    assert.match(b.out.stdout, new RegExp(`^done \\S+ ${inFlight}`, 'm'));
    const status = await queueStatus(queue);
    assert.deepEqual([status.done, status.failed, status.waiting], [3, 0, 0]);
    assert.equal((await readdir(out)).filter((f) => f.endsWith('.labels.png')).length, 3);
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await queue.close();
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
