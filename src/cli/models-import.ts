/**
 * `semseg models import <model.tflite | model.onnx | hf-folder>`: write a model folder (model.onnx + card.json),
 * then load it and run it once to prove the card and the graph agree. Flags fix card fields that the files cannot
 * tell; they win over config files and detection.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import type { CliIo, CommandContext } from './io.js';
import { expected } from '../core/errors.js';
import { segment } from '../inference/segment.js';
import type { ModelCardInput } from '../models/card-schema.js';
import { readClassesFile } from '../models/import/classes.js';
import { importOnnx, type CardOverrides } from '../models/import/import-onnx.js';
import { probeImage } from '../models/import/probe.js';
import { writeModelFolder } from '../models/import/write.js';
import { loadModel } from '../models/load.js';
import { importTflite } from '../models/tflite/import.js';
import { parseChoiceOption, parseNumberOption } from './options.js';
import { UsageError } from './usage-error.js';

interface ImportFlags {
  out?: string;
  name?: string;
  layout?: 'NCHW' | 'NHWC';
  size?: NonNullable<CardOverrides['input']>['size'];
  shortestEdge?: number;
  resize?: 'stretch' | 'letterbox';
  interpolation?: 'bilinear' | 'pil-bilinear';
  kind?: 'logits' | 'probabilities' | 'labels';
  outputLayout?: 'NCHW' | 'NHWC';
  classes?: string;
  mean?: number[];
  std?: number[];
  scale?: number;
  colorOrder?: 'RGB' | 'BGR';
  alignCorners?: boolean;
  inputName?: string;
  outputName?: string;
}

/** "512x384" (fixed), "dynamic" or "dynamic/32" (any size, padded to a multiple of 32). */
function parseSize(value: string): ImportFlags['size'] {
  const fixed = /^(\d+)x(\d+)$/i.exec(value);
  if (fixed && +fixed[1] > 0 && +fixed[2] > 0) return { mode: 'fixed', width: +fixed[1], height: +fixed[2] };
  const dynamic = /^dynamic(?:\/(\d+))?$/i.exec(value);
  if (dynamic && (dynamic[1] === undefined || +dynamic[1] > 0)) return { mode: 'dynamic', multipleOf: dynamic[1] ? +dynamic[1] : 1 };
  throw expected('WIDTHxHEIGHT, dynamic or dynamic/MULTIPLE', '--size', value);
}

/** "0.485,0.456,0.406" or one value for every channel. */
function parseTriple(flag: string) {
  return (value: string): number[] => {
    const numbers = value.split(',').map((s) => Number(s.trim()));
    if ((numbers.length !== 1 && numbers.length !== 3) || numbers.some((n) => !Number.isFinite(n))) throw expected('1 or 3 comma-separated numbers', flag, value);
    return numbers;
  };
}

/** "0.00392", "1/255" or "1". */
function parseScale(value: string): number {
  const [a, b] = value.split('/').map((s) => Number(s.trim()));
  const scale = b === undefined ? a : a / b;
  if (!Number.isFinite(scale) || scale <= 0) throw expected('a positive number or a fraction such as 1/255', '--scale', value);
  return scale;
}

async function cardOverrides(flags: ImportFlags): Promise<CardOverrides> {
  let size = flags.size;
  if (flags.shortestEdge !== undefined) {
    if (size?.mode === 'fixed') throw new UsageError('Expected either --size WxH or --shortest-edge for size but received both');
    size = { mode: 'dynamic', multipleOf: size?.multipleOf ?? 1, shortestEdge: flags.shortestEdge };
  }
  const defined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  return {
    input: defined({
      name: flags.inputName, layout: flags.layout, size, resize: flags.resize, interpolation: flags.interpolation,
      colorOrder: flags.colorOrder, valueScale: flags.scale, mean: flags.mean, std: flags.std,
    }),
    output: defined({ name: flags.outputName, kind: flags.kind, layout: flags.outputLayout, alignCorners: flags.alignCorners }),
    classes: flags.classes ? await readClassesFile(flags.classes) : undefined,
  };
}

async function importTfliteFile(file: string, name: string, overrides: CardOverrides): Promise<{ graph: Uint8Array; card: ModelCardInput; summary: string }> {
  const bytes = await readFile(file).catch((error: Error) => {
    throw new UsageError(`Expected a readable file for model but received "${file}" (${error.message})`);
  });
  const override: Partial<ModelCardInput> = { name, input: overrides.input, output: overrides.output, ...(overrides.classes ? { classes: overrides.classes } : {}) };
  const { onnx, card, report } = importTflite(new Uint8Array(bytes), { card: override });
  const flagged = [...Object.keys(overrides.input ?? {}).map((k) => `input.${k}`), ...Object.keys(overrides.output ?? {}).map((k) => `output.${k}`)];
  if (overrides.classes) flagged.push('classes');
  const decisions = Object.fromEntries(flagged.map((field) => [field, 'flag']));
  const ops = Object.entries(report.operators).map(([op, n]) => `${op} x${n}`).join(', ');
  return {
    graph: onnx,
    card: { ...card, provenance: { source: `converted from ${basename(file)} by semseg models import`, ...card.provenance }, import: { from: 'tflite', source: file, decisions } },
    summary:
      `  input ${report.input.name} [${report.input.dims.join(', ')}], output ${report.output.name} [${report.output.dims.join(', ')}]\n` +
      `  ${report.nodes} ONNX nodes (opset ${report.opset}), ${report.parameters} parameters; operators: ${ops}\n`,
  };
}

/** Loads the written folder (the card must agree with the graph) and segments a probe image once. */
async function runOnce(out: string): Promise<string> {
  const model = await loadModel(out, { workers: 1 });
  try {
    const size = model.card.input.size;
    const image = size.mode === 'fixed' ? probeImage(size.width, size.height) : probeImage(97, 67);
    const map = await segment(model, image, { confidence: false });
    const seen = new Set(map.labels).size;
    return `  ran once on a ${image.width}x${image.height} probe image: ${seen} of ${model.card.classes.length} classes present\n`;
  } finally {
    await model.dispose();
  }
}

async function runImport(source: string, flags: ImportFlags, io: CliIo): Promise<void> {
  const ext = extname(source).toLowerCase();
  const name = flags.name ?? basename(source, ext);
  const overrides = await cardOverrides(flags);
  let graph: Uint8Array | string;
  let card: ModelCardInput;
  let summary = '';
  let out = flags.out ?? name;
  if (ext === '.tflite') {
    ({ graph, card, summary } = await importTfliteFile(source, name, overrides));
  } else {
    const result = await importOnnx(source, { name, overrides });
    ({ card, onnxPath: graph } = result);
    if (result.from === 'hf-folder' && flags.out === undefined) out = source;
    const decisions = Object.entries(card.import?.decisions ?? {}).map(([field, why]) => `    ${field.padEnd(20)} ${why}`);
    summary = `  decided:\n${decisions.join('\n')}\n`;
  }
  const { onnxPath, cardPath } = await writeModelFolder(out, graph, card);
  const check = await runOnce(out);
  io.stdout.write(
    `imported ${source} -> ${onnxPath} + ${cardPath}\n${summary}${check}` +
      `  edit ${cardPath} for class names and colours, then: semseg predict <images> --model ${out}\n`,
  );
}

export function registerModelsImport(models: Command, { io }: CommandContext): void {
  models
    .command('import')
    .description('import a TFLite file, an ONNX file or a Hugging Face folder: write model.onnx + card.json, then run it once')
    .argument('<model>', 'a .tflite file, an .onnx file, or a Hugging Face folder (config.json, preprocessor_config.json, onnx/model.onnx)')
    .option('-o, --out <dir>', 'model folder to write (default: the file name without extension; a Hugging Face folder is completed in place)')
    .option('--name <name>', 'model name in the card')
    .option('--layout <layout>', 'input layout: NCHW or NHWC (default: detected)', parseChoiceOption('--layout', ['NCHW', 'NHWC'] as const))
    .option('--size <size>', 'input size: WIDTHxHEIGHT, dynamic or dynamic/MULTIPLE (default: detected)', parseSize)
    .option('--shortest-edge <n>', 'scale images so that the shorter side is n pixels (dynamic models)', parseNumberOption('--shortest-edge', 1, 100000, true))
    .option('--resize <mode>', 'how images reach a fixed size: stretch or letterbox (default: stretch)', parseChoiceOption('--resize', ['stretch', 'letterbox'] as const))
    .option('--interpolation <filter>', 'image resize filter: bilinear (torch) or pil-bilinear (PIL, HF)', parseChoiceOption('--interpolation', ['bilinear', 'pil-bilinear'] as const))
    .option('--kind <kind>', 'output: logits, probabilities or labels (default: detected)', parseChoiceOption('--kind', ['logits', 'probabilities', 'labels'] as const))
    .option('--output-layout <layout>', 'output layout: NCHW or NHWC (default: detected)', parseChoiceOption('--output-layout', ['NCHW', 'NHWC'] as const))
    .option('--classes <file>', 'class names: .json (list of names or {name, color}, or id -> name) or text, one per line')
    .option('--mean <values>', 'per-channel mean in scaled units, e.g. 0.485,0.456,0.406 (default: ImageNet)', parseTriple('--mean'))
    .option('--std <values>', 'per-channel std in scaled units, e.g. 0.229,0.224,0.225 (default: ImageNet)', parseTriple('--std'))
    .option('--scale <value>', 'pixel value scale before mean/std, e.g. 1/255 or 1 (default: 1/255)', parseScale)
    .option('--color-order <order>', 'RGB or BGR (default: RGB)', parseChoiceOption('--color-order', ['RGB', 'BGR'] as const))
    .option('--align-corners', 'resize scores back with align_corners=true (default: false)')
    .option('--input-name <name>', 'graph input to feed (default: the first)')
    .option('--output-name <name>', 'graph output to read (default: the first)')
    .action((source: string, flags: ImportFlags) => runImport(source, flags, io));
}
