/** Card validation: pure (no file system), so the browser-safe entry can parse cards too. Reading is read-card.ts. */
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
