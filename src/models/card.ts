import { readFile } from 'node:fs/promises';
import { SemsegError } from '../core/errors.js';
import { modelCardSchema, type ModelCard } from './card-schema.js';

/** Validates a parsed card; every problem is listed in one error naming the field. */
export function parseModelCard(raw: unknown, source = 'model card'): ModelCard {
  const result = modelCardSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.length ? issue.path.join('.') : '(card)';
    return `${path}: ${issue.message}`;
  });
  throw new SemsegError('INVALID_MODEL_CARD', `Expected a valid model card in ${source} but received: ${problems.join('; ')}`);
}

export async function readModelCard(path: string): Promise<ModelCard> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SemsegError('MODEL_NOT_FOUND', `Expected a readable model card at ${path} but received: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SemsegError('INVALID_MODEL_CARD', `Expected JSON in ${path} but received: ${(error as Error).message}`);
  }
  return parseModelCard(raw, path);
}
