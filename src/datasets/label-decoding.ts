/** How raw label values become class ids: ids through a lookup, or class-table colours through a colour map. */
import type { ClassTable } from './class-table.js';
import { datasetError } from './files.js';
import type { LabelEncoding, RawLabelImage } from './read-label-image.js';
import { allocateLabels, identityLookup, packRgb, remapColors, remapIds, type IdLookup } from './remap-labels.js';

/** Ids through a lookup table, or colours through a map from packed 0xRRGGBB to id. */
export type LabelDecoding = { encoding: 'ids'; lookup: IdLookup } | { encoding: 'colors'; colors: Map<number, number> };

function colorDecoding(table: ClassTable, ignoreIndex: number, path: string): LabelDecoding {
  if (!table.hasColors) throw datasetError('a colour for every class (label encoding "colors")', `classes "${path}"`, 'a table without colours');
  const colors = new Map<number, number>();
  const add = (color: [number, number, number], id: number) => {
    const clash = colors.get(packRgb(color));
    if (clash !== undefined) {
      throw datasetError('a different colour for every class and ignore colour', `classes "${path}"`, `rgb(${color.join(', ')}) for ids ${clash} and ${id}`);
    }
    colors.set(packRgb(color), id);
  };
  table.classes.forEach((c) => add(c.color, c.id));
  table.extraColors?.forEach(({ id, color }) => add(color, id));
  table.ignoreColors.forEach((color) => add(color, ignoreIndex));
  return { encoding: 'colors', colors };
}

/** The decoding of a class table's labels; `tablePath` names the table in errors. */
export function tableDecoding(table: ClassTable, ignoreIndex: number, encoding: LabelEncoding, tablePath: string): LabelDecoding {
  return encoding === 'ids' ? { encoding, lookup: identityLookup(table.classes.length, ignoreIndex) } : colorDecoding(table, ignoreIndex, tablePath);
}

/** Raw label values -> class ids and the ignore index; anything else is an error naming the file. */
export function decodeLabels(raw: RawLabelImage, decoding: LabelDecoding, classCount: number, ignoreIndex: number, path: string): Uint8Array | Uint16Array {
  const labels = allocateLabels(raw.width * raw.height, classCount, ignoreIndex);
  if (decoding.encoding === 'ids') remapIds(raw, decoding.lookup, labels, path);
  else remapColors(raw, decoding.colors, labels, path);
  return labels;
}
