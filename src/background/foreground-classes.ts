/**
 * Which classes of a model are the foreground: the ones named (names or ids), else a `person` class, else a
 * `pedestrian` class (CamVid's person-like class of the street model).
 */
import type { ClassInfo } from '../core/types.js';
import { SemsegError } from '../core/errors.js';

export const DEFAULT_FOREGROUND_NAMES = ['person', 'pedestrian'];

export function resolveForeground(classes: readonly ClassInfo[], modelName: string, names?: readonly string[]): number[] {
  const list = classes.map((c) => c.name).join(', ');
  if (!names || names.length === 0) {
    for (const name of DEFAULT_FOREGROUND_NAMES) {
      const found = classes.find((c) => c.name.toLowerCase() === name);
      if (found) return [found.id];
    }
    throw new SemsegError('INVALID_ARGUMENT', `Expected a person or pedestrian class in model ${modelName} (${list}) for the foreground but found none (name its classes with --foreground)`);
  }
  return names.map((name) => {
    const found = classes.find((c) => c.name.toLowerCase() === name.toLowerCase() || String(c.id) === name);
    if (!found) throw new SemsegError('INVALID_ARGUMENT', `Expected class names or ids of model ${modelName} (${list}) for --foreground but received "${name}"`);
    return found.id;
  });
}
