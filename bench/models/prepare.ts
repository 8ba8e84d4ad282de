/**
 * What the model benchmark needs on disk before it starts: the exported models (tools/bench/export-models.py, run
 * once when a folder is missing), each imported by `semseg models import` (card.json beside onnx/), and the test
 * JPEGs, made from a CamVid sample at each size on every run.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

const exists = (path: string) => stat(path).then(() => true, () => false);
const PYTHON = '/usr/bin/python3';

export interface BenchModel { name: string; folder: string; network: string; logits: string }

function run(command: string, args: string[], what: string): void {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`${what} failed (${command} ${args.join(' ')}: exit ${result.status ?? result.signal})`);
}

export async function prepareModels(root: string, cache: string, names: string[]): Promise<BenchModel[]> {
  const missing: string[] = [];
  for (const name of names) if (!(await exists(join(cache, name, 'onnx', 'model.onnx')))) missing.push(name);
  if (missing.length > 0) {
    const check = spawnSync(PYTHON, ['-c', 'import torch, torchvision, onnx'], { stdio: 'ignore' });
    if (check.status !== 0) {
      throw new Error(`The benchmark models (${missing.join(', ')}) are not in ${cache} and exporting them needs ${PYTHON} with torch, ` +
        'torchvision and onnx, which it does not have. Install them, or export elsewhere with tools/bench/export-models.py --out and copy the folders.');
    }
    process.stderr.write(`exporting ${missing.join(', ')} into ${cache} (tools/bench/export-models.py)\n`);
    run(PYTHON, [join(root, 'tools', 'bench', 'export-models.py'), '--out', cache, '--only', missing.join(',')], 'exporting the benchmark models');
  }
  const models: BenchModel[] = [];
  for (const name of names) {
    const folder = join(cache, name);
    const config = JSON.parse(await readFile(join(folder, 'config.json'), 'utf8')) as { semseg_bench?: { network: string; logits: string; importFlags?: string[] } };
    if (!(await exists(join(folder, 'card.json')))) {
      const flags = config.semseg_bench?.importFlags ?? [];
      process.stderr.write(`semseg models import ${folder} ${flags.join(' ')}\n`);
      run(process.execPath, [join(root, 'dist', 'src', 'cli', 'main.js'), 'models', 'import', folder, ...flags], `importing ${name}`);
    }
    models.push({ name, folder, network: config.semseg_bench?.network ?? name, logits: config.semseg_bench?.logits ?? '?' });
  }
  return models;
}

/** A street-scene JPEG (quality 90) at width x height, stretched from a 480x360 CamVid frame. */
export async function prepareImage(root: string, cache: string, width: number, height: number): Promise<string> {
  const folder = join(cache, 'images');
  await mkdir(folder, { recursive: true });
  const path = join(folder, `camvid-${width}x${height}.jpg`);
  await sharp(join(root, 'samples', 'camvid-0001TP_008550.png')).resize(width, height, { fit: 'fill' }).jpeg({ quality: 90 }).toFile(path);
  return path;
}
