/**
 * Load on `semseg serve` over loopback, against offline predict() on the same images in the same run.
 *
 *   npm run bench:serve [-- --model street --images 20 --rounds 3 --seconds 20 --workers 2 --threads 1
 *                          --soak-seconds 600 --dir ../shared/data/camvid/test --max-batch 4 --max-queue-delay-us 2000]
 *
 * With --max-batch, a second server with dynamic batching takes part in every round too.
 *
 * Rounds alternate: offline (predict() over the images with the CLI's lanes, workers + 2 at once, JSON statistics
 * only, as the server's default answer) and saturation (autocannon, 2 x workers connections, POST /v1/segment with
 * the same bytes). Then overload: twice the capacity in connections and twice the measured rate; every answer must
 * be 200 or 429 and the p99 of the 200s (from the server's own request log) within --timeout-ms. Then a soak at
 * saturation with the server's RSS sampled every 5 s (drift: last sample vs the one after the first minute).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadModel } from '../src/models/load.js';
import { predict } from '../src/pipeline/predict.js';
import { mapConcurrent } from '../src/core/map-concurrent.js';
import { summarize } from './stats.js';
import { percentile, startServer, type ServerProcess } from './serve/server-process.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'street' },
    images: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '20' },
    workers: { type: 'string', default: '2' },
    threads: { type: 'string', default: '1' },
    'soak-seconds': { type: 'string', default: '0' },
    'timeout-ms': { type: 'string', default: '30000' },
    dir: { type: 'string', default: '../shared/data/camvid/test' },
    'max-batch': { type: 'string' },
    'max-queue-delay-us': { type: 'string', default: '2000' },
  },
});
const workers = Number(values.workers);
const seconds = Number(values.seconds);
const timeoutMs = Number(values['timeout-ms']);
const names = (await readdir(values.dir!)).filter((f) => /\.(png|jpe?g)$/i.test(f)).sort().slice(0, Number(values.images));
const bodies = await Promise.all(names.map((f) => readFile(join(values.dir!, f))));
const cli = new URL('../src/cli/main.js', import.meta.url).pathname;

/** CPU seconds per image of each contender (the whole process: main thread, workers, libvips). */
const offlineCpu: number[] = [];
const servedCpu: number[] = [];

async function offlineRound(): Promise<number> {
  const model = await loadModel(values.model, { workers, threadsPerWorker: Number(values.threads) });
  try {
    await predict(model, bodies[0], { outputs: [] });
    let done = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    while (performance.now() - started < seconds * 1000) {
      await mapConcurrent(bodies, workers + 2, (bytes) => predict(model, bytes, { outputs: [], confidence: true }));
      done += bodies.length;
    }
    const used = process.cpuUsage(cpu);
    offlineCpu.push((used.user + used.system) / 1e6 / done);
    return done / ((performance.now() - started) / 1000);
  } finally {
    await model.dispose();
  }
}

function cannon(server: ServerProcess, connections: number, durationSeconds: number, overallRate?: number) {
  return autocannon({
    url: server.address,
    connections,
    duration: durationSeconds,
    overallRate,
    requests: bodies.map((body) => ({ method: 'POST', path: '/v1/segment', body, headers: { 'content-type': 'application/octet-stream' } })),
  });
}

const serverArgs = ['--model', values.model!, '--workers', String(workers), '--threads', values.threads!, '--timeout-ms', String(timeoutMs)];
const server = await startServer(cli, serverArgs);
const batchedServer = values['max-batch'] ? await startServer(cli, [...serverArgs, '--max-batch', values['max-batch'], '--max-queue-delay-us', values['max-queue-delay-us']!]) : undefined;
const batched: number[] = [];
const capacity = workers + 4 * workers;
const offline: number[] = [];
const served: number[] = [];
const latency: { p50: number; p95: number; p99: number }[] = [];
try {
  await cannon(server, workers * 2, 3);
  if (batchedServer) await cannon(batchedServer, workers * 2, 3);
  for (let round = 0; round < Number(values.rounds); round++) {
    offline.push(await offlineRound());
    server.takeRecords();
    const cpuBefore = await server.cpuSeconds();
    const result = await cannon(server, workers * 2, seconds);
    servedCpu.push(((await server.cpuSeconds()) - cpuBefore) / result.requests.total);
    const ok = server.takeRecords().filter((r) => r.status === 200).map((r) => r.ms);
    served.push(result.requests.average);
    latency.push({ p50: percentile(ok, 50), p95: percentile(ok, 95), p99: percentile(ok, 99) });
    if (batchedServer) {
      batched.push((await cannon(batchedServer, workers * 2, seconds)).requests.average);
      batchedServer.takeRecords();
    }
    console.log(`round ${round + 1}: offline ${offline.at(-1)!.toFixed(2)} img/s, served ${result.requests.average.toFixed(2)} req/s, p50/p95/p99 ${latency.at(-1)!.p50}/${latency.at(-1)!.p95}/${latency.at(-1)!.p99} ms, non-2xx ${result.non2xx}, CPU s/image offline ${offlineCpu.at(-1)!.toFixed(3)} served ${servedCpu.at(-1)!.toFixed(3)}${batchedServer ? `, batched ${batched.at(-1)!.toFixed(2)} req/s` : ''}`);
  }
  const rate = Math.max(...served);
  const overload = await cannon(server, capacity * 2, seconds, Math.ceil(rate * 2));
  const records = server.takeRecords();
  const statuses = Object.fromEntries(Object.entries(overload.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]));
  const ok200 = records.filter((r) => r.status === 200).map((r) => r.ms);
  const overloadSummary = { statuses, errors: overload.errors, timeouts: overload.timeouts, p99Of200Ms: percentile(ok200, 99), withinTimeout: percentile(ok200, 99) <= timeoutMs };
  console.log('overload (2x capacity, 2x rate):', JSON.stringify(overloadSummary));

  const soakSeconds = Number(values['soak-seconds']);
  let soak: Record<string, number> | undefined;
  if (soakSeconds > 0) {
    const samples: { t: number; rss: number }[] = [];
    const started = performance.now();
    const sampler = setInterval(async () => samples.push({ t: (performance.now() - started) / 1000, rss: await server.rssBytes() }), 5000);
    const result = await cannon(server, workers * 2, soakSeconds);
    clearInterval(sampler);
    const afterWarmup = samples.find((s) => s.t >= 60) ?? samples[0];
    const last = samples.at(-1)!;
    soak = { seconds: soakSeconds, requests: result.requests.total, non2xx: result.non2xx, rssAfterWarmupMiB: afterWarmup.rss / 2 ** 20, rssEndMiB: last.rss / 2 ** 20, rssMaxMiB: Math.max(...samples.map((s) => s.rss)) / 2 ** 20, driftPercent: ((last.rss - afterWarmup.rss) / afterWarmup.rss) * 100 };
    server.takeRecords();
    console.log('soak:', JSON.stringify(soak));
  }
  const off = summarize(offline);
  const on = summarize(served);
  const dynamic = batchedServer ? { maxBatch: Number(values['max-batch']), maxQueueDelayUs: Number(values['max-queue-delay-us']), served: summarize(batched) } : undefined;
  console.log(JSON.stringify({ model: values.model, images: bodies.length, workers, offline: off, served: on, ratioOfMedians: on.median / off.median, cpuSecondsPerImage: { offline: summarize(offlineCpu), served: summarize(servedCpu) }, latency, dynamicBatching: dynamic, overload: overloadSummary, soak }, null, 2));
} finally {
  console.log(`server exited with ${await server.stop()}${batchedServer ? `, batched server with ${await batchedServer.stop()}` : ''}`);
}
