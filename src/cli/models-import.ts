/** `semseg models import <model.tflite>`: convert to ONNX, write model.onnx + card.json into a model folder. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Command } from 'commander';
import { importTflite } from '../models/tflite/import.js';
import { loadModel } from '../models/load.js';
import { UsageError } from './usage-error.js';

interface ImportFlags {
  out?: string;
  name?: string;
}

async function runImport(file: string, flags: ImportFlags): Promise<void> {
  const ext = extname(file).toLowerCase();
  if (ext !== '.tflite') throw new UsageError(`Expected a .tflite file for model but received "${file}"`);
  const bytes = await readFile(file).catch((error: Error) => {
    throw new UsageError(`Expected a readable file for model but received "${file}" (${error.message})`);
  });
  const name = flags.name ?? basename(file, ext);
  const { onnx, card, report } = importTflite(new Uint8Array(bytes), { card: { name } });
  const out = flags.out ?? name;
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'model.onnx'), onnx);
  await writeFile(join(out, 'card.json'), `${JSON.stringify({ ...card, provenance: { source: `converted from ${basename(file)} by semseg models import`, ...card.provenance } }, null, 2)}\n`);
  // Loading checks that onnxruntime accepts the graph and that the card agrees with it.
  const model = await loadModel(out, { workers: 1 });
  await model.dispose();
  const ops = Object.entries(report.operators).map(([op, n]) => `${op} x${n}`).join(', ');
  process.stdout.write(
    `imported ${file} -> ${out}/model.onnx + card.json\n` +
      `  input ${report.input.name} [${report.input.dims.join(', ')}], output ${report.output.name} [${report.output.dims.join(', ')}]\n` +
      `  ${report.nodes} ONNX nodes (opset ${report.opset}), ${report.parameters} parameters; operators: ${ops}\n` +
      `  edit ${out}/card.json for class names and colours, then: semseg predict <images> --model ${out}\n`,
  );
}

export function registerModelsImport(models: Command): void {
  models
    .command('import')
    .description('convert a TFLite segmentation model to ONNX and write a model folder (model.onnx + card.json)')
    .argument('<model>', 'a .tflite file')
    .option('-o, --out <dir>', 'model folder to write (default: the file name without extension)')
    .option('--name <name>', 'model name in the card')
    .action(runImport);
}
