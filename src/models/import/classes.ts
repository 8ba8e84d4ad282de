/**
 * Class lists for imports: a --classes file (JSON list of names or {name, color} objects, a JSON id -> name map,
 * or plain text with one name per line) or a Hugging Face id2label map.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { expected } from '../../core/errors.js';
import type { ClassInfoInput } from '../card-schema.js';
import { defaultColor } from '../default-classes.js';

type Rgb = [number, number, number];

/** `{ "0": "wall", "1": "building" }` -> classes in id order; ids must be 0..n-1. */
export function classesFromIdMap(map: Record<string, unknown>, parameter: string): ClassInfoInput[] {
  const entries = Object.entries(map).map(([id, name]) => [Number(id), name] as const).sort((a, b) => a[0] - b[0]);
  entries.forEach(([id, name], index) => {
    if (id !== index || typeof name !== 'string' || name.length === 0) throw expected('ids 0..n-1 with non-empty names', parameter, map);
  });
  return entries.map(([id, name]) => ({ id, name: name as string, color: defaultColor(id) }));
}

function fromJson(value: unknown, parameter: string): ClassInfoInput[] {
  if (Array.isArray(value)) {
    return value.map((entry, id) => {
      if (typeof entry === 'string' && entry.length > 0) return { id, name: entry, color: defaultColor(id) };
      if (entry && typeof entry === 'object' && typeof (entry as { name?: unknown }).name === 'string') {
        const { name, color } = entry as { name: string; color?: Rgb };
        return { id, name, color: color ?? defaultColor(id) };
      }
      throw expected('a class name or a {name, color} object', `${parameter}[${id}]`, entry);
    });
  }
  if (value && typeof value === 'object') return classesFromIdMap(value as Record<string, unknown>, parameter);
  throw expected('a JSON list of class names or an id -> name object', parameter, value);
}

export async function readClassesFile(path: string): Promise<ClassInfoInput[]> {
  const text = await readFile(path, 'utf8').catch((error: Error) => {
    throw expected('a readable classes file', '--classes', `${path} (${error.message})`);
  });
  if (extname(path).toLowerCase() === '.json') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw expected('JSON', '--classes', `${path} (${(error as Error).message})`);
    }
    return fromJson(value, '--classes');
  }
  const names = text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  if (names.length === 0) throw expected('one class name per line', '--classes', path);
  return names.map((name, id) => ({ id, name, color: defaultColor(id) }));
}
