/**
 * Latency of float vs quantized street models: one onnxruntime session per model (2 intra-op threads), a 480x360
 * CamVid sample, contenders interleaved run by run so machine noise hits all alike; median and min per model.
 * Usage: node dist/bench/quantize.js [runs] [model folders...]   (default: the street model and street-int8*, street-fp16
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
const given = process.argv.slice(3);
const models = given.length > 0 ? given : ['street', ...['street-int8', 'street-int8-pc', 'street-fp16'].filter((f) => existsSync(join(f, 'model.onnx')))];
const image = join(repoRoot, 'samples', 'camvid-0001TP_008550.png');

const contenders: { name: string; session: DirectSession; output: string; input: string; times: number[] }[] = [];
for (const name of models) {
  const { onnxPath, cardPath } = await resolveModel(name);
  const card = await readModelCard(cardPath);
  contenders.push({ name, session: await openDirectSession(onnxPath, 2), input: card.input.name ?? 'input', output: card.output.name ?? 'logits', times: [] });
}
const card = await readModelCard((await resolveModel('street')).cardPath);
const x = await preprocessForCard(image, card);
for (const c of contenders) for (let i = 0; i < 3; i++) await c.session.run({ [c.input]: x }, [c.output]);
for (let run = 0; run < runs; run++) {
  for (const c of contenders) {
    const start = performance.now();
    await c.session.run({ [c.input]: x }, [c.output]);
    c.times.push(performance.now() - start);
  }
}
const base = summarize(contenders[0].times);
console.log(`street latency at ${x.dims[3]}x${x.dims[2]}, 2 threads, ${runs} interleaved runs each`);
for (const c of contenders) {
  const s = summarize(c.times);
  console.log(`${c.name.padEnd(16)} median ${s.median.toFixed(1).padStart(6)} ms  min ${s.min.toFixed(1).padStart(6)} ms  speed-up (median) ${(base.median / s.median).toFixed(2)}x`);
  await c.session.dispose();
}
