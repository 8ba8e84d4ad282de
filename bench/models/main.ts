/**
 * `npm run bench`: semseg against raw onnxruntime and the Transformers.js image-segmentation pipeline on the same
 * ONNX graphs, each contender in its own process, and the result written into docs/benchmarks.md.
 *
 *   npm run bench [-- --runs 20 --warmup 3 --models street,street-lowres,segformer-b0,deeplabv3-mnv3,unet-r18
 *                     --sizes 512x512,2048x1024 --contenders raw,semseg,transformers.js,throughput
 *                     --throughput-images 8 --throughput-rounds 2 --write]
 *
 * The document is only rewritten by a complete run (every model, size and contender, at least 20 runs) or with
 * --write; a limited run prints its section on stdout.
 */
import { cpus, availableParallelism } from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { packageVersion } from './contenders.js';
import { prepareImage, prepareModels } from './prepare.js';
import { modelsMarkdown, replaceSection, throughputOf, timingOf, type Contender, type ModelRow } from './report.js';
import { runChild } from './spawn-child.js';

const ALL_MODELS = ['street', 'street-lowres', 'segformer-b0', 'deeplabv3-mnv3', 'unet-r18'];
const ALL_SIZES = ['512x512', '2048x1024'];
const ALL_CONTENDERS = ['raw', 'semseg', 'transformers.js', 'throughput'];
const HEADING = '## Models: semseg against raw onnxruntime and Transformers.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    models: { type: 'string', default: ALL_MODELS.join(',') },
    sizes: { type: 'string', default: ALL_SIZES.join(',') },
    contenders: { type: 'string', default: ALL_CONTENDERS.join(',') },
    'throughput-images': { type: 'string', default: '8' },
    'throughput-rounds': { type: 'string', default: '2' },
    write: { type: 'boolean', default: false },
  },
});

function list(flag: string, value: string, allowed: string[]): string[] {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  const wrong = items.find((i) => !allowed.includes(i) && !(flag === '--sizes' && /^\d+x\d+$/.test(i)));
  if (wrong !== undefined || items.length === 0) throw new Error(`Expected a comma-separated list of ${allowed.join(', ')} for ${flag} but received ${value}`);
  return items;
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const cache = join(root, '.cache', 'bench-models');
const runs = Number(values.runs);
const warmup = Number(values.warmup);
const modelNames = list('--models', values.models!, ALL_MODELS);
const sizes = list('--sizes', values.sizes!, ALL_SIZES);
const contenders = list('--contenders', values.contenders!, ALL_CONTENDERS) as Contender[];
const throughputImages = Number(values['throughput-images']);
const throughputRounds = Number(values['throughput-rounds']);
const complete = runs >= 20 && modelNames.length === ALL_MODELS.length && ALL_SIZES.every((s) => sizes.includes(s)) && contenders.length === ALL_CONTENDERS.length;

const began = performance.now();
const elapsed = () => `${((performance.now() - began) / 1000).toFixed(0)} s`;
const models = await prepareModels(root, cache, modelNames);
const rows: ModelRow[] = [];
const steps = models.length * sizes.length * (contenders.filter((c) => c !== 'throughput').length + (contenders.includes('throughput') ? 2 : 0));
let step = 0;
for (const model of models) {
  for (const size of sizes) {
    const [width, height] = size.split('x').map(Number);
    const image = await prepareImage(root, cache, width, height);
    const base = { folder: model.folder, image, width, height, warmup, runs };
    const row: ModelRow = { model: model.name, network: model.network, logits: model.logits, size, throughput: [] };
    for (const contender of contenders) {
      if (contender === 'throughput') {
        for (const [workers, threadsPerWorker] of [[1, 2], [2, 1]]) {
          const report = await runChild({ ...base, contender, workers, threadsPerWorker, images: throughputImages, runs: throughputRounds, warmup: 1 });
          row.throughput.push(throughputOf(`${workers}x${threadsPerWorker}`, report));
          process.stderr.write(`[${++step}/${steps}] ${model.name} ${size} semseg ${workers} worker(s) x ${threadsPerWorker} thread(s): ${row.throughput.at(-1)!.median.toFixed(2)} images/s (${elapsed()})\n`);
        }
        continue;
      }
      const timing = timingOf(await runChild({ ...base, contender }));
      if (contender === 'raw') row.raw = timing;
      if (contender === 'semseg') row.semseg = timing;
      if (contender === 'transformers.js') row.transformersJs = timing;
      process.stderr.write(`[${++step}/${steps}] ${model.name} ${size} ${contender}: median ${timing.median.toFixed(0)} ms, min ${timing.min.toFixed(0)} ms, RSS ${timing.maxRssMb.toFixed(0)} MB (${elapsed()})\n`);
    }
    rows.push(row);
  }
}

const argv = process.argv.slice(2).join(' ');
const section = modelsMarkdown({
  cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
  cores: availableParallelism(),
  node: process.version,
  onnxruntime: await packageVersion('onnxruntime-node'),
  transformersJs: await packageVersion('@huggingface/transformers'),
  semseg: await packageVersion('..'),
  date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  command: `npm run bench${argv ? ` -- ${argv}` : ''}`,
}, rows);
if (complete || values.write) {
  const docPath = join(root, 'docs', 'benchmarks.md');
  await writeFile(docPath, replaceSection(await readFile(docPath, 'utf8'), section, HEADING));
  process.stderr.write(`wrote docs/benchmarks.md in ${elapsed()}\n`);
} else {
  process.stdout.write(`${section}\n`);
  process.stderr.write(`a limited run (pass --write to put it into docs/benchmarks.md), ${elapsed()}\n`);
}
