/**
 * Latency of float vs quantized street models: one onnxruntime session per model (2 intra-op threads by default),
 * a 480x360 CamVid sample, contenders interleaved run by run so machine noise hits all alike; median and min of the
 * wall time per model, and the median process CPU time per run (less disturbed by other processes on a shared
 * machine; with more than 1 thread it includes onnxruntime's spinning threads).
 * Usage: node dist/bench/quantize.js [runs] [threads] [model folders...]   (default: the street model and street-int8*, street-fp16
 * folders in the cwd, as `semseg models quantize` writes them)
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readModelCard } from '../src/models/read-card.js';
import { resolveModel } from '../src/models/load.js';
import { preprocessForCard } from '../src/quantize/calibrate.js';
import { openDirectSession, type DirectSession } from '../src/runtime/direct-session.js';
import { repoRoot } from '../test/helpers/paths.js';
import { summarize } from './stats.js';

const runs = Number(process.argv[2] ?? 20);
const threads = Number(process.argv[3] ?? 2);
const given = process.argv.slice(4);
const models = given.length > 0 ? given : ['street', ...['street-int8', 'street-int8-pc', 'street-fp16'].filter((f) => existsSync(join(f, 'model.onnx')))];
const image = join(repoRoot, 'samples', 'camvid-0001TP_008550.png');

const contenders: { name: string; session: DirectSession; output: string; input: string; times: number[]; cpu: number[] }[] = [];
for (const name of models) {
  const { onnxPath, cardPath } = await resolveModel(name);
  const card = await readModelCard(cardPath);
  contenders.push({ name, session: await openDirectSession(onnxPath, threads), input: card.input.name ?? 'input', output: card.output.name ?? 'logits', times: [], cpu: [] });
}
const card = await readModelCard((await resolveModel('street')).cardPath);
const x = await preprocessForCard(image, card);
for (const c of contenders) for (let i = 0; i < 3; i++) await c.session.run({ [c.input]: x }, [c.output]);
for (let run = 0; run < runs; run++) {
  for (const c of contenders) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    await c.session.run({ [c.input]: x }, [c.output]);
    c.times.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    c.cpu.push((used.user + used.system) / 1000);
  }
}
const base = summarize(contenders[0].times);
const baseCpu = summarize(contenders[0].cpu);
console.log(`street latency at ${x.dims[3]}x${x.dims[2]}, ${threads} threads, ${runs} interleaved runs each`);
for (const c of contenders) {
  const s = summarize(c.times);
  const cpu = summarize(c.cpu);
  console.log(
    `${c.name.padEnd(16)} wall median ${s.median.toFixed(1).padStart(6)} ms  min ${s.min.toFixed(1).padStart(6)} ms  speed-up ${(base.median / s.median).toFixed(2)}x` +
      ` | cpu median ${cpu.median.toFixed(1).padStart(6)} ms  speed-up ${(baseCpu.median / cpu.median).toFixed(2)}x`,
  );
  await c.session.dispose();
}
