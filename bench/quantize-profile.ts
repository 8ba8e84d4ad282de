/**
 * onnxruntime's own kernel times per operator type for each model (1 thread, 10 runs on a 480x360 CamVid sample):
 * where the time of a float and a quantized street model goes, free of the waiting that a shared machine adds to
 * wall-clock numbers. Usage: node dist/bench/quantize-profile.js <model.onnx | folder>...
 */
import * as ort from 'onnxruntime-node';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readModelCard } from '../src/models/read-card.js';
import { resolveModel } from '../src/models/load.js';
import { preprocessForCard } from '../src/quantize/calibrate.js';
import { repoRoot } from '../test/helpers/paths.js';

const RUNS = 10;
const card = await readModelCard((await resolveModel('street')).cardPath);
const x = await preprocessForCard(join(repoRoot, 'samples', 'camvid-0001TP_008550.png'), card);
for (const [index, reference] of process.argv.slice(2).entries()) {
  const { onnxPath } = await resolveModel(reference);
  const prefix = `semseg-profile-${process.pid}-${index}`;
  const session = await ort.InferenceSession.create(onnxPath, { graphOptimizationLevel: 'all', intraOpNumThreads: 1, enableProfiling: true, profileFilePrefix: join(tmpdir(), prefix), logSeverityLevel: 3 });
  for (let i = 0; i < RUNS; i++) await session.run({ input: new ort.Tensor('float32', x.data as Float32Array, x.dims) });
  session.endProfiling();
  await session.release();
  const file = join(tmpdir(), readdirSync(tmpdir()).filter((f) => f.startsWith(prefix)).sort().pop()!);
  const events = JSON.parse(readFileSync(file, 'utf8')) as { cat: string; name: string; dur: number; args: { op_name?: string } }[];
  rmSync(file);
  const byOp = new Map<string, number>();
  for (const e of events) if (e.cat === 'Node' && e.name.endsWith('_kernel_time')) byOp.set(e.args.op_name ?? '?', (byOp.get(e.args.op_name ?? '?') ?? 0) + e.dur / 1000 / RUNS);
  const total = [...byOp.values()].reduce((a, b) => a + b, 0);
  const top = [...byOp].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([op, ms]) => `${op} ${ms.toFixed(1)}`).join(', ');
  console.log(`${reference}: kernels ${total.toFixed(1)} ms per run (${top})`);
}
