/** loadModel(): an embedded name, an .onnx file (card beside it) or a folder holding model.onnx + card.json. */
import { stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { SemsegError } from '../core/errors.js';
import { createOrtBackend } from '../runtime/ort-backend.js';
import { createModel } from './create-model.js';
import { readRawCard } from './read-card.js';
import { DEFAULT_MODEL, findEmbeddedModel, unknownModelError } from './registry.js';
import type { LoadedModel, LoadModelOptions } from './types.js';

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

/** Finds the ONNX file and its card for a model reference. */
export async function resolveModel(reference: string, cardOverride?: string): Promise<{ onnxPath: string; cardPath: string }> {
  const embedded = findEmbeddedModel(reference);
  let found: { onnxPath: string; cardPath: string };
  if (embedded) {
    found = await embedded.locate();
  } else if (await isDirectory(reference)) {
    const onnxPath = [join(reference, 'model.onnx'), join(reference, 'onnx', 'model.onnx')];
    const onnx = (await Promise.all(onnxPath.map(isFile))).findIndex(Boolean);
    if (onnx === -1) throw new SemsegError('MODEL_NOT_FOUND', `Expected model.onnx (or onnx/model.onnx) in folder ${reference} but found none`);
    found = { onnxPath: onnxPath[onnx], cardPath: join(reference, 'card.json') };
  } else if (extname(reference).toLowerCase() === '.onnx' && (await isFile(reference))) {
    const sibling = join(dirname(reference), `${basename(reference, extname(reference))}.card.json`);
    found = { onnxPath: reference, cardPath: (await isFile(sibling)) ? sibling : join(dirname(reference), 'card.json') };
  } else {
    throw unknownModelError(reference);
  }
  if (cardOverride) found.cardPath = cardOverride;
  if (!(await isFile(found.onnxPath))) throw new SemsegError('MODEL_NOT_FOUND', `Expected an ONNX file at ${found.onnxPath} but found none`);
  if (!(await isFile(found.cardPath))) {
    throw new SemsegError('MODEL_NOT_FOUND', `Expected a model card at ${found.cardPath} for ${found.onnxPath} but found none (write one, or pass --card)`);
  }
  return found;
}

export async function loadModel(reference: string = DEFAULT_MODEL, options: LoadModelOptions = {}): Promise<LoadedModel> {
  const { onnxPath, cardPath } = await resolveModel(reference, options.card);
  const raw = await readRawCard(cardPath);
  const backend = await createOrtBackend(onnxPath, options);
  try {
    return { ...createModel({ card: raw, backend, source: cardPath }), modelPath: onnxPath };
  } catch (error) {
    await backend.dispose();
    throw error;
  }
}
