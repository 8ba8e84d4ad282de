/**
 * `semseg jobs worker`: takes jobs from the queue until interrupted (or, with --until-empty, until nothing is left).
 * One line per job event on stdout. SIGTERM / SIGINT: no new jobs; those in flight finish or, past
 * --shutdown-timeout, are handed back to the queue; exit 143 / 130. --metrics-port serves the queue's Prometheus
 * metrics on /metrics.
 */
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { Command } from 'commander';
import { Queue } from 'bullmq';
import { evictionWarning, queueMetricsText, queueStatus, startWorker, type WorkerEvent } from '../jobs/index.js';
import { parseNumberOption } from './options.js';
import { printablePath } from './output-names.js';
import { addQueueFlags, targetOf, type QueueFlags } from './jobs-queue-flags.js';
import { INTERRUPT_EXIT, type CommandContext } from './io.js';

interface WorkerFlags extends QueueFlags {
  concurrency?: number;
  workers?: number;
  threads?: number;
  lockDuration: number;
  stalledInterval: number;
  maxStalled: number;
  shutdownTimeout: number;
  untilEmpty?: boolean;
  metricsPort?: number;
}

function eventLine(event: WorkerEvent, started: Map<string, number>): string {
  if (event.type === 'error') return `error: ${event.error.message}`;
  const { job } = event;
  const what = `${job.data.kind} ${job.id} ${printablePath(job.data.source)}`;
  if (event.type === 'active') {
    started.set(job.id!, performance.now());
    return `start ${what}`;
  }
  const ms = Math.round(performance.now() - (started.get(job.id!) ?? performance.now()));
  started.delete(job.id!);
  if (event.type === 'completed') return `done ${what} (${ms} ms)`;
  return `failed ${what}: ${event.reason} (attempt ${job.attemptsMade} of ${job.opts.attempts ?? 1}${event.final ? ', final' : ', will retry'})`;
}

async function serveMetrics(queue: Queue, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    queueMetricsText(queue).then(
      (text) => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(text),
      (error: Error) => res.writeHead(503).end(error.message),
    );
  });
  server.listen(port);
  await once(server, 'listening');
  return server;
}

async function runWorker(flags: WorkerFlags, { io, setExitCode }: CommandContext): Promise<void> {
  const target = targetOf(flags);
  const warning = await evictionWarning(target);
  if (warning) io.stderr.write(`warning: ${warning}\n`);
  const started = new Map<string, number>();
  const worker = startWorker(
    {
      target,
      concurrency: flags.concurrency,
      workers: flags.workers,
      threadsPerWorker: flags.threads,
      lockDurationMs: flags.lockDuration,
      stalledIntervalMs: flags.stalledInterval,
      maxStalledCount: flags.maxStalled,
    },
    (event) => (event.type === 'error' ? io.stderr : io.stdout).write(`${eventLine(event, started)}\n`),
  );
  await worker.ready();
  const queue = new Queue(target.name, { connection: target.connection });
  const metrics = flags.metricsPort !== undefined ? await serveMetrics(queue, flags.metricsPort) : undefined;
  io.stdout.write(`worker ready on queue ${target.name}${metrics ? `, metrics on :${flags.metricsPort}/metrics` : ''}\n`);
  const stop = new Promise<string>((resolve) => {
    if (io.interrupt?.aborted) return resolve(String(io.interrupt.reason));
    io.interrupt?.addEventListener('abort', () => resolve(String(io.interrupt!.reason)), { once: true });
    if (flags.untilEmpty) {
      const poll = setInterval(async () => {
        const s = await queueStatus(queue, 0).catch(() => undefined);
        if (s && s.waiting + s.active + s.retrying + s.stitching === 0) {
          clearInterval(poll);
          resolve('empty');
        }
      }, 500);
      io.interrupt?.addEventListener('abort', () => clearInterval(poll), { once: true });
    }
  });
  const reason = await stop;
  if (reason !== 'empty') io.stderr.write(`${reason}: finishing jobs in flight (up to ${flags.shutdownTimeout} s), taking no new ones\n`);
  const { handedBack } = await worker.close(flags.shutdownTimeout * 1000);
  if (handedBack) io.stderr.write(`handed ${handedBack} job(s) back to the queue\n`);
  metrics?.close();
  await queue.close();
  io.stdout.write(`worker stopped (${reason === 'empty' ? 'queue empty' : reason})\n`);
  if (reason !== 'empty') setExitCode(INTERRUPT_EXIT[reason] ?? 130);
}

export function registerJobsWorker(jobs: Command, context: CommandContext): void {
  addQueueFlags(jobs.command('worker').description('process queued jobs; run any number of these on any number of machines'))
    .option('-c, --concurrency <n>', 'jobs in flight at once (default: inference threads + 1)', parseNumberOption('--concurrency', 1, 256, true))
    .option('--workers <n>', 'inference worker threads (default: cores)', parseNumberOption('--workers', 1, 64, true))
    .option('--threads <n>', 'onnxruntime threads per worker (default: cores / workers)', parseNumberOption('--threads', 1, 64, true))
    .option('--lock-duration <ms>', "a job's lock; a killed worker's jobs run elsewhere after it lapses", parseNumberOption('--lock-duration', 1000, 3_600_000, true), 30_000)
    .option('--stalled-interval <ms>', 'how often lapsed locks are looked for', parseNumberOption('--stalled-interval', 500, 3_600_000, true), 30_000)
    .option('--max-stalled <n>', 'times a job may lose its lock before it fails', parseNumberOption('--max-stalled', 0, 100, true), 2)
    .option('--shutdown-timeout <seconds>', 'on SIGTERM, wait this long for jobs in flight, then hand them back', parseNumberOption('--shutdown-timeout', 0, 86400), 30)
    .option('--until-empty', 'exit once no job is waiting, retrying or running')
    .option('--metrics-port <port>', 'serve Prometheus metrics of the queue on http://0.0.0.0:<port>/metrics', parseNumberOption('--metrics-port', 1, 65535, true))
    .action((flags: WorkerFlags) => runWorker(flags, context));
}
