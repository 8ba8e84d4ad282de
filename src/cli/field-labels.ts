/**
 * `semseg field --labels <table.json>`: the inputs are label images (annotations, or predictions made elsewhere),
 * decoded through a class table instead of running a model. The table's `roles` (or the role flags) say which
 * classes are crop, weed and soil. Each file that cannot be read or decoded fails alone with its code.
 */
import { readFile } from 'node:fs/promises';
import { firstLine, SemsegError, type ErrorCode } from '../core/errors.js';
import { readClassTable } from '../datasets/class-table.js';
import { decodeLabels, tableDecoding } from '../datasets/label-decoding.js';
import { readLabelImage, type LabelEncoding } from '../datasets/read-label-image.js';
import { classRolesSchema, type ClassRoles } from '../models/roles-schema.js';
import type { ClassInfo } from '../core/types.js';
import type { InputFile } from './output-names.js';

export interface LabelSource {
  classes: ClassInfo[];
  roles?: ClassRoles;
  /** Decodes one label file to class ids (the ignore index where the table says so). */
  read(path: string): Promise<{ labels: Uint8Array | Uint16Array; width: number; height: number; classes: ClassInfo[] }>;
}

export async function openLabelSource(tablePath: string, encoding: LabelEncoding): Promise<LabelSource> {
  const table = await readClassTable(tablePath);
  const ignoreIndex = table.ignoreIndex ?? 255;
  const decoding = tableDecoding(table, ignoreIndex, encoding, tablePath);
  const json = JSON.parse(await readFile(tablePath, 'utf8')) as { roles?: unknown };
  const parsed = json.roles === undefined ? undefined : classRolesSchema.safeParse(json.roles);
  if (parsed && !parsed.success) {
    throw new SemsegError('DATASET_INVALID', `Expected roles of lists of class names ({ crop?, weed?, soil?, vegetation? }) for roles in "${tablePath}" but received ${firstLine(parsed.error.issues[0].message, 200)}`);
  }
  return {
    classes: table.classes,
    roles: parsed?.data,
    read: async (path) => {
      const raw = await readLabelImage(path, encoding);
      return { labels: decodeLabels(raw, decoding, table.classes.length, ignoreIndex, path), width: raw.width, height: raw.height, classes: table.classes };
    },
  };
}

export interface LabelFileResult {
  file: string;
  ok: boolean;
  code?: ErrorCode;
  error?: string;
}

/** Reads the files one after another (decoding labels is quick next to a model), each ending as ok or its error. */
export async function forEachLabelFile(
  files: InputFile[],
  source: LabelSource,
  measure: (input: InputFile, map: Awaited<ReturnType<LabelSource['read']>>) => Promise<void>,
  onItem: (result: LabelFileResult) => void,
  signal?: AbortSignal,
): Promise<LabelFileResult[]> {
  const results: LabelFileResult[] = [];
  for (const input of files) {
    if (signal?.aborted) break;
    let result: (typeof results)[number];
    try {
      await measure(input, await source.read(input.path));
      result = { file: input.path, ok: true };
    } catch (error) {
      const known = error instanceof SemsegError;
      result = { file: input.path, ok: false, code: known ? error.code : 'INTERNAL', error: firstLine(error instanceof Error ? error.message : String(error), 500) };
    }
    results.push(result);
    onItem(result);
  }
  return results;
}
