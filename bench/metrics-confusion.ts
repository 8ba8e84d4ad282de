/**
 * Confusion-matrix throughput: semseg's createConfusionMatrix().update() against numpy's
 * np.bincount(n * gt + pred, minlength=n * n) on the same label arrays, timed in alternation (one JS run, one numpy
 * run, repeated) so both see the same machine load. numpy runs in a /usr/bin/python3 child
 * (bench/metrics-confusion.py).
 *
 * Data: the CamVid test label maps (233 x 480x360) as ground truth and their corrupted copies (the parity recipe)
 * as prediction, concatenated into one 480-wide map; 12 classes (void counted as a class, no ignore index) so that
 * both sides count exactly the same pixels. Without CamVid, seeded blocky random maps of the same size are used.
 *
 *   npx tsc -p . && node dist/bench/metrics-confusion.js [rounds=25]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createConfusionMatrix, type LabelGrid } from '../src/metrics/index.js';
import { mulberry32 } from '../src/metrics/prng.js';
import { summarize } from './stats.js';
import { CAMVID_ROOT, camvidAvailable, corruptPrediction, readLabelPng, type CorruptionRecipe } from '../test/metrics/camvid.js';

const CLASSES = 12;
const WIDTH = 480;
const HEIGHT = 360;
const IMAGES = 233;
const ROUNDS = Number(process.argv[2] ?? 25);
const REPO = new URL('../../', import.meta.url);

async function camvidPairs(): Promise<{ gt: LabelGrid; pred: LabelGrid }[]> {
  const fixture = JSON.parse(readFileSync(new URL('test/fixtures/metrics/camvid.json', REPO), 'utf8')) as {
    recipe: CorruptionRecipe;
  };
  const folder = join(CAMVID_ROOT, 'testannot');
  const files = readdirSync(folder).filter((f) => f.endsWith('.png')).sort();
  const pairs = [];
  for (const [index, file] of files.entries()) {
    const gt = await readLabelPng(join(folder, file));
    pairs.push({ gt, pred: corruptPrediction(gt, index, fixture.recipe) });
  }
  return pairs;
}

function randomPairs(): { gt: LabelGrid; pred: LabelGrid }[] {
  const random = mulberry32(1);
  return Array.from({ length: IMAGES }, () => {
    const cells = Array.from({ length: 16 * 12 }, () => Math.floor(random() * CLASSES));
    const gt = Uint8Array.from({ length: WIDTH * HEIGHT }, (_, i) => cells[Math.floor(i / WIDTH / 30) * 16 + Math.floor((i % WIDTH) / 30)]);
    const pred = gt.map((v) => (random() < 0.1 ? Math.floor(random() * CLASSES) : v));
    return { gt: { labels: gt, width: WIDTH, height: HEIGHT }, pred: { labels: pred, width: WIDTH, height: HEIGHT } };
  });
}

function concat(maps: LabelGrid[]): Uint8Array {
  const out = new Uint8Array(maps.reduce((sum, m) => sum + m.labels.length, 0));
  let offset = 0;
  for (const m of maps) {
    out.set(m.labels, offset);
    offset += m.labels.length;
  }
  return out;
}

async function main(): Promise<void> {
  const source = camvidAvailable() ? 'CamVid test annotations + parity corruption' : 'seeded random blocky maps';
  const pairs = camvidAvailable() ? await camvidPairs() : randomPairs();
  const gt8 = concat(pairs.map((p) => p.gt));
  const pred8 = concat(pairs.map((p) => p.pred));
  const height = gt8.length / WIDTH;
  const dir = mkdtempSync(join(tmpdir(), 'semseg-bench-'));
  writeFileSync(join(dir, 'gt.bin'), gt8);
  writeFileSync(join(dir, 'pred.bin'), pred8);

  const script = fileURLToPath(new URL('bench/metrics-confusion.py', REPO));
  const python = spawn('/usr/bin/python3', [script, join(dir, 'gt.bin'), join(dir, 'pred.bin'), `${WIDTH}`, `${height}`, `${CLASSES}`], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: python.stdout })[Symbol.asyncIterator]();
  const ask = async (command: string) => {
    python.stdin.write(`${command}\n`);
    return JSON.parse((await lines.next()).value as string);
  };
  const versions = JSON.parse((await lines.next()).value as string) as { numpy: string; python: string };

  const matrix = createConfusionMatrix({ numClasses: CLASSES, ignoreIndex: null });
  const timeJs = (gt: LabelGrid, pred: LabelGrid) => {
    matrix.reset();
    const start = process.hrtime.bigint();
    matrix.update(gt, pred);
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const load = [loadavg()[0]];
  const rows: string[] = [];
  for (const bits of [8, 16] as const) {
    const type = bits === 8 ? Uint8Array : Uint16Array;
    const gt = { labels: type.from(gt8), width: WIDTH, height };
    const pred = { labels: type.from(pred8), width: WIDTH, height };
    const js: number[] = [];
    const expression: number[] = [];
    const bincount: number[] = [];
    for (let round = -3; round < ROUNDS; round++) {
      const t = timeJs(gt, pred);
      const py = (await ask(`run${bits}`)) as { expression: number; bincount: number };
      if (round < 0) continue;
      js.push(t);
      expression.push(py.expression);
      bincount.push(py.bincount);
    }
    const mpx = (ms: number) => (gt8.length / 1e3 / ms).toFixed(0);
    const j = summarize(js);
    const e = summarize(expression);
    const b = summarize(bincount);
    rows.push(`| uint${bits} | semseg update() | ${j.median.toFixed(1)} | ${j.min.toFixed(1)} | ${mpx(j.median)} | 1.00 |`);
    rows.push(`| uint${bits} | numpy n*gt+pred + bincount | ${e.median.toFixed(1)} | ${e.min.toFixed(1)} | ${mpx(e.median)} | ${(e.median / j.median).toFixed(2)} |`);
    rows.push(`| uint${bits} | numpy bincount only (index precomputed) | ${b.median.toFixed(1)} | ${b.min.toFixed(1)} | ${mpx(b.median)} | ${(b.median / j.median).toFixed(2)} |`);
  }
  load.push(loadavg()[0]);
  matrix.reset();
  matrix.update({ labels: gt8, width: WIDTH, height }, { labels: pred8, width: WIDTH, height });
  const numpyCounts = (await ask('counts')) as number[];
  const same = numpyCounts.every((v, k) => v === matrix.counts[k]);
  python.stdin.end();
  rmSync(dir, { recursive: true, force: true });

  console.log(`data: ${source}; ${pairs.length} images, ${gt8.length} pixels, ${CLASSES} classes; counts identical: ${same}`);
  console.log(`${cpus()[0].model}, ${cpus().length} cores; Node ${process.version}; Python ${versions.python}, numpy ${versions.numpy}`);
  console.log(`${ROUNDS} alternating rounds after 3 warm-up rounds; 1-min load average ${load.map((l) => l.toFixed(2)).join(' -> ')}`);
  console.log('| input | implementation | median ms | min ms | Mpixel/s (median) | time vs semseg |');
  console.log('|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  if (!same) process.exitCode = 1;
}

await main();
