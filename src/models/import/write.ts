/** Writes an imported model as a model folder: model.onnx + card.json, loadable by loadModel(folder). */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { ModelCardInput } from '../card-schema.js';

export interface ModelFolder {
  onnxPath: string;
  cardPath: string;
}

/**
 * `graph` is the ONNX bytes or the path of an ONNX file to copy. A graph already inside `out` (a Hugging Face
 * folder imported in place, read from onnx/model.onnx) is left where it is.
 */
export async function writeModelFolder(out: string, graph: Uint8Array | string, card: ModelCardInput): Promise<ModelFolder> {
  await mkdir(out, { recursive: true });
  let onnxPath = join(out, 'model.onnx');
  if (typeof graph !== 'string') await writeFile(onnxPath, graph);
  else if (resolve(graph).startsWith(resolve(out) + sep)) onnxPath = graph;
  else await copyFile(graph, onnxPath);
  const cardPath = join(out, 'card.json');
  await writeFile(cardPath, `${JSON.stringify(card, null, 2)}\n`);
  return { onnxPath, cardPath };
}
