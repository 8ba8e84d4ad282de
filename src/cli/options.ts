/** Parsing of CLI option values; each bad value is a usage error naming the option. */
import { expected } from '../core/errors.js';

export function parseNumberOption(name: string, min: number, max: number, integer = false) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
      throw expected(`${integer ? 'an integer' : 'a number'} from ${min} to ${max}`, name, value);
    }
    return n;
  };
}

export function parseListOption<T extends string>(name: string, allowed: readonly T[]) {
  return (value: string): T[] => {
    const items = value.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = items.filter((s) => !allowed.includes(s as T));
    if (items.length === 0 || bad.length > 0) throw expected(`a comma-separated list of ${allowed.join(', ')}`, name, value);
    return [...new Set(items)] as T[];
  };
}

/** One of a fixed set of values, matched without regard to case and returned as spelled in `allowed`. */
export function parseChoiceOption<T extends string>(name: string, allowed: readonly T[]) {
  return (value: string): T => {
    const match = allowed.find((a) => a.toLowerCase() === value.trim().toLowerCase());
    if (!match) throw expected(`one of ${allowed.join(', ')}`, name, value);
    return match;
  };
}
