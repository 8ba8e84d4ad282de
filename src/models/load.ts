/** loadModel(): an embedded name, an .onnx file (card beside it) or a folder holding model.onnx + card.json. */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { SemsegError } from '../core/errors.js';
import { createOrtBackend } from '../runtime/ort-backend.js';
import { reconcileCard } from './reconcile.js';
import { DEFAULT_MODEL, findEmbeddedModel, unknownModelError } from './registry.js';
import type { LoadModelOptions, SegmentationModel } from './types.js';

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

export async function loadModel(reference: string = DEFAULT_MODEL, options: LoadModelOptions = {}): Promise<SegmentationModel> {
  const { onnxPath, cardPath } = await resolveModel(reference, options.card);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(cardPath, 'utf8'));
  } catch (error) {
    throw new SemsegError('INVALID_MODEL_CARD', `Expected JSON in ${cardPath} but received: ${(error as Error).message}`);
  }
  const backend = await createOrtBackend(onnxPath, options);
  try {
    const card = reconcileCard(raw, backend.metadata, cardPath);
    return { card, metadata: backend.metadata, backend, modelPath: onnxPath, dispose: () => backend.dispose() };
  } catch (error) {
    await backend.dispose();
    throw error;
  }
}
