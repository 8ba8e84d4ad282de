/**
 * Class table files for folder datasets: JSON with the classes (ids 0..C-1, names, colours) and optionally the
 * ignore index and the colours that mean "ignore" in colour-coded labels. A model card is a valid class table.
 *
 *   { "classes": [{ "id": 0, "name": "road", "color": [128, 64, 128] }, ...], "ignoreIndex": 255,
 *     "ignoreColors": [[0, 0, 0]] }
 *
 * A bare array of classes is accepted too. Colours may be left out when labels hold ids. A class may list more
 * colours that mean it too (`"colors": [[0, 255, 0], [255, 0, 0]]`), so that annotations with finer classes can be
 * scored as coarser ones (CWFID's crop and weed as vegetation, docs/agriculture.md).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { ClassInfo, Rgb } from '../core/types.js';
import { datasetError } from './files.js';
import { vocColor } from './voc-colormap.js';

const channel = z.number().int().min(0).max(255);
const rgb = z.tuple([channel, channel, channel]);
const classes = z.array(z.object({ id: z.number().int().min(0).max(65535), name: z.string().min(1), color: rgb.optional(), colors: z.array(rgb).optional() })).min(1);
const tableSchema = z.object({
  classes,
  ignoreIndex: z.number().int().min(0).max(65535).optional(),
  ignoreColors: z.array(rgb).default([]),
});

export interface ClassTable {
  classes: ClassInfo[];
  /** Whether every class had a colour in the file (colour-coded labels need them). */
  hasColors: boolean;
  ignoreIndex?: number;
  ignoreColors: Rgb[];
  /** More colours of a class (colour-coded labels), beside its own colour. */
  extraColors?: { id: number; color: Rgb }[];
}

export async function readClassTable(path: string): Promise<ClassTable> {
  const text = await readFile(path, 'utf8').catch((error: Error) => {
    throw datasetError('a readable class table JSON file', 'classes', `"${path}" (${error.message})`);
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw datasetError('valid JSON in the class table', `classes "${path}"`, (error as Error).message);
  }
  const parsed = tableSchema.safeParse(Array.isArray(json) ? { classes: json } : json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.join('.') || 'top level';
    throw datasetError('a class table ({ classes: [{ id, name, color? }], ignoreIndex?, ignoreColors? })', `classes "${path}"`, `${issue.message} at ${where}`);
  }
  const sorted = [...parsed.data.classes].sort((a, b) => a.id - b.id);
  sorted.forEach((c, index) => {
    if (c.id === index) return;
    const problem = c.id < index ? `id ${c.id} twice` : `no class with id ${index}`;
    throw datasetError(`class ids 0..${sorted.length - 1}, each once`, `classes "${path}"`, problem);
  });
  return {
    classes: sorted.map((c) => ({ id: c.id, name: c.name, color: c.color ?? vocColor(c.id) })),
    hasColors: sorted.every((c) => c.color !== undefined),
    ignoreIndex: parsed.data.ignoreIndex,
    ignoreColors: parsed.data.ignoreColors,
    extraColors: sorted.flatMap((c) => (c.colors ?? []).map((color) => ({ id: c.id, color }))),
  };
}
