/**
 * One contender in its own process: `node dist/bench/models/child.js '<json ChildRequest>'`. Prints one JSON line
 * (ChildReport) on stdout: the per-run milliseconds (or images/s for throughput) and the process's peak RSS.
 */
import { semsegThroughput, timeRaw, timeSemseg, timeTransformersJs, type RunSpec } from './contenders.js';
import type { ChildReport, ChildRequest } from './report.js';

async function samples(request: ChildRequest): Promise<number[]> {
  const spec: RunSpec = request;
  switch (request.contender) {
    case 'raw': return timeRaw(spec);
    case 'semseg': return timeSemseg(spec);
    case 'transformers.js': return timeTransformersJs(spec);
    case 'throughput': return semsegThroughput(spec, request.workers!, request.threadsPerWorker!, request.images!, request.runs);
  }
}

const request = JSON.parse(process.argv[2]) as ChildRequest;
const values = await samples(request);
const report: ChildReport = { contender: request.contender, samples: values, maxRssMb: process.resourceUsage().maxRSS / 1024 };
process.stdout.write(`${JSON.stringify(report)}\n`);
// onnxruntime's and sharp's thread pools may keep the event loop alive; the report is out.
process.exit(0);
