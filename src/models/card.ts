/** Card validation: pure (no file system), so the browser-safe entry can parse cards too. Reading is read-card.ts. */
import { SemsegError } from '../core/errors.js';
import { modelCardSchema, type ModelCard } from './card-schema.js';

/** Problems named in the error at most; a card with thousands of bad classes still gets a one-line message. */
const MAX_PROBLEMS = 5;

/** Validates a parsed card; the problems are listed (the first few, then a count) in one error naming the fields. */
export function parseModelCard(raw: unknown, source = 'model card'): ModelCard {
  const result = modelCardSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.length ? issue.path.join('.') : '(card)';
    return `${path}: ${issue.message}`;
  });
  const more = problems.length > MAX_PROBLEMS ? `; and ${problems.length - MAX_PROBLEMS} more problems` : '';
  throw new SemsegError('INVALID_MODEL_CARD', `Expected a valid model card in ${source} but received: ${problems.slice(0, MAX_PROBLEMS).join('; ')}${more}`);
}
