/**
 * Throughput of `semseg jobs worker`: the same batch run by 1 and by 2 worker processes on one local redis-server.
 * Jobs per second from the first job's start to the last one's end (Redis's processedOn / finishedOn), so model
 * loading is not counted. Usage: node dist/bench/jobs-throughput.js [images=60] [model=street] [size=640x480]
 * Each worker process runs --workers 1 --threads 1 --concurrency 2; a third run gives 1 process both cores.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { cliPath } from '../test/helpers/paths.js';
import { runInProcess } from '../test/helpers/cli-io.js';
import { startRedis } from '../test/jobs/redis-server.js';
import { writeTestImages } from '../test/jobs/images.js';
import { queueTarget } from '../src/jobs/index.js';

const count = Number(process.argv[2] ?? 60);
const model = process.argv[3] ?? 'street';
const [width, height] = (process.argv[4] ?? '640x480').split('x').map(Number);

async function measure(url: string, images: string, out: string, processes: number, perProcess: string[]): Promise<{ rate: number; seconds: number }> {
  const target = queueTarget(url, `bench-${processes}-${perProcess.join('')}`.replace(/[^A-Za-z0-9_.-]/g, ''));
  const submitted = await runInProcess(['jobs', 'submit', images, '--queue', url, '--queue-name', target.name, '-m', model, '-o', out, '--outputs', 'labels,color,json']);
  if (submitted.code !== 0) throw new Error(submitted.stderr);
  const workers = Array.from({ length: processes }, () =>
    spawn(process.execPath, [cliPath, 'jobs', 'worker', '--queue', url, '--queue-name', target.name, '--until-empty', ...perProcess], { stdio: 'ignore' }),
  );
  await Promise.all(workers.map((w) => once(w, 'exit')));
  const queue = new Queue(target.name, { connection: target.connection });
  const jobs = await queue.getJobs(['completed'], 0, -1);
  await queue.close();
  if (jobs.length !== count) throw new Error(`expected ${count} completed jobs, found ${jobs.length}`);
  const first = Math.min(...jobs.map((j) => j.processedOn!));
  const last = Math.max(...jobs.map((j) => j.finishedOn!));
  const seconds = (last - first) / 1000;
  return { rate: count / seconds, seconds };
}

const redis = await startRedis();
const dir = await mkdtemp(join(tmpdir(), 'semseg-bench-jobs-'));
try {
  const images = join(dir, 'images');
  await writeTestImages(images, count, width, height);
  console.log(`${count} images ${width}x${height}, model ${model}, ${availableParallelism()} cores (${cpus()[0]?.model ?? '?'})`);
  const runs: [string, number, string[]][] = [
    ['1 process, 1 inference thread', 1, ['--workers', '1', '--threads', '1', '--concurrency', '2']],
    ['2 processes, 1 inference thread each', 2, ['--workers', '1', '--threads', '1', '--concurrency', '2']],
    ['1 process, 2 inference threads', 1, ['--workers', '2', '--threads', '1', '--concurrency', '3']],
  ];
  for (const [label, processes, flags] of runs) {
    const { rate, seconds } = await measure(redis.url, images, join(dir, `out-${processes}-${flags[1]}`), processes, flags);
    console.log(`${label.padEnd(40)} ${rate.toFixed(2)} images/s (${seconds.toFixed(1)} s)`);
  }
} finally {
  await redis.stop();
  await rm(dir, { recursive: true, force: true });
}
