/** Model cards from files (Node): the JSON of a card file, raw or validated. */
import { readFile } from 'node:fs/promises';
import { SemsegError } from '../core/errors.js';
import type { ModelCard } from './card-schema.js';
import { parseModelCard } from './card.js';

/** The card file's JSON, not yet validated (reconciliation with the graph fills fields before validation). */
export async function readRawCard(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SemsegError('MODEL_NOT_FOUND', `Expected a readable model card at ${path} but received: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SemsegError('INVALID_MODEL_CARD', `Expected JSON in ${path} but received: ${(error as Error).message}`, { cause: error });
  }
}

export async function readModelCard(path: string): Promise<ModelCard> {
  return parseModelCard(await readRawCard(path), path);
}
