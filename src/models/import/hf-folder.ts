/**
 * A Hugging Face model folder: config.json (id2label / label2id / num_labels), preprocessor_config.json (resize,
 * rescale, normalise; reduce_labels) and the ONNX graph in onnx/model.onnx (Optimum's layout) or model.onnx.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { expected } from '../../core/errors.js';
import { defaultClasses } from '../default-classes.js';
import { classesFromIdMap } from './classes.js';
import { PIL_RESAMPLE_NAMES } from './conventions.js';
import type { CardDraft } from './draft.js';

type Json = Record<string, unknown>;

const exists = (path: string) => stat(path).then((s) => s.isFile(), () => false);

export async function isHfFolder(folder: string): Promise<boolean> {
  return exists(join(folder, 'config.json'));
}

export async function hfOnnxPath(folder: string): Promise<string> {
  for (const candidate of [join(folder, 'onnx', 'model.onnx'), join(folder, 'model.onnx')]) {
    if (await exists(candidate)) return candidate;
  }
  throw expected('onnx/model.onnx or model.onnx in the folder', 'model', folder, 'MODEL_NOT_FOUND');
}

async function readJson(path: string): Promise<Json | undefined> {
  if (!(await exists(path))) return undefined;
  try {
    const value: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Json;
  } catch (error) {
    throw expected('a JSON object', path, (error as Error).message, 'INVALID_MODEL_CARD');
  }
  throw expected('a JSON object', path, 'another JSON value', 'INVALID_MODEL_CARD');
}

function numbers(value: unknown, length: number, parameter: string): number[] | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === 'number' ? new Array(length).fill(value) : value;
  if (!Array.isArray(list) || list.length !== length || !list.every((v) => typeof v === 'number')) throw expected(`${length} numbers`, parameter, value);
  return list;
}

function readClasses(config: Json, draft: CardDraft): void {
  if (config.id2label && typeof config.id2label === 'object') {
    draft.offer('classes', classesFromIdMap(config.id2label as Json, 'config.json id2label'), 'config.json id2label');
  } else if (config.label2id && typeof config.label2id === 'object') {
    const inverted = Object.fromEntries(Object.entries(config.label2id as Json).map(([name, id]) => [String(id), name]));
    draft.offer('classes', classesFromIdMap(inverted, 'config.json label2id'), 'config.json label2id');
  } else if (typeof config.num_labels === 'number') {
    draft.offer('classes', defaultClasses(config.num_labels), 'config.json num_labels (names class_<id>)');
  }
}

function readSize(processor: Json, draft: CardDraft): void {
  const source = 'preprocessor_config.json';
  if (processor.do_resize === false) {
    draft.offer('input.size', { mode: 'dynamic', multipleOf: 1 }, `${source}: do_resize false`);
    return;
  }
  const size = processor.size as Json | number | undefined;
  const side = (key: string) => (typeof size === 'object' && typeof size[key] === 'number' ? (size[key] as number) : undefined);
  if (typeof size === 'number') {
    draft.offer('input.size', { mode: 'fixed', width: size, height: size }, `${source}: size ${size}`);
  } else if (side('height') !== undefined && side('width') !== undefined) {
    draft.offer('input.size', { mode: 'fixed', width: side('width'), height: side('height') }, `${source}: size ${JSON.stringify(size)}`);
  } else if (side('shortest_edge') !== undefined) {
    draft.offer('input.size', { mode: 'dynamic', multipleOf: 1, shortestEdge: side('shortest_edge') }, `${source}: size ${JSON.stringify(size)}`);
  } else if (size !== undefined) {
    throw expected('size {height, width}, {shortest_edge} or a number', `${source} size`, size, 'INVALID_MODEL_CARD');
  }
  if (draft.get<Json>('input.size')?.mode === 'fixed') draft.offer('input.resize', 'stretch', `${source}: resized to size, aspect not kept`);
  const resample = typeof processor.resample === 'number' ? processor.resample : 2;
  const name = PIL_RESAMPLE_NAMES[resample] ?? `code ${resample}`;
  const note = resample === 2 ? '' : ` (PIL ${name} is not available; bilinear differs near edges)`;
  draft.offer('input.interpolation', 'pil-bilinear', `${source}: resample ${resample} = PIL ${name}${note}`);
}

function readNormalisation(processor: Json, draft: CardDraft): void {
  const source = 'preprocessor_config.json';
  if (processor.do_rescale === false) draft.offer('input.valueScale', 1, `${source}: do_rescale false`);
  else if (typeof processor.rescale_factor === 'number') draft.offer('input.valueScale', processor.rescale_factor, `${source}: rescale_factor`);
  if (processor.do_normalize === false) {
    draft.offer('input.mean', [0, 0, 0], `${source}: do_normalize false`);
    draft.offer('input.std', [1, 1, 1], `${source}: do_normalize false`);
  } else {
    draft.offer('input.mean', numbers(processor.image_mean, 3, `${source} image_mean`), `${source}: image_mean`);
    draft.offer('input.std', numbers(processor.image_std, 3, `${source} image_std`), `${source}: image_std`);
  }
  if (processor.do_reduce_labels === true || processor.reduce_labels === true) {
    draft.offer('ignoreIndex', 255, `${source}: do_reduce_labels (model class k = dataset label k + 1; label 0 was ignored as 255 in training)`);
  }
}

/** Offers everything the folder's config files say to the draft. */
export async function readHfFolder(folder: string, draft: CardDraft): Promise<void> {
  const config = await readJson(join(folder, 'config.json'));
  if (!config) throw expected('config.json in a Hugging Face model folder', 'model', folder, 'MODEL_NOT_FOUND');
  readClasses(config, draft);
  const architecture = Array.isArray(config.architectures) ? String(config.architectures[0]) : String(config.model_type ?? 'model');
  draft.offer('description', `${architecture} (imported from a Hugging Face folder)`, 'config.json architectures');
  const processor = await readJson(join(folder, 'preprocessor_config.json'));
  if (processor) {
    readSize(processor, draft);
    readNormalisation(processor, draft);
  }
}
