/**
 * Per-class binary masks of a label map as COCO RLE, exactly as
 * `pycocotools.mask.encode(np.asfortranarray(labels == classId))` gives them (`size: [height, width]`, `counts` the
 * compressed string), with `area` (mask.area) and `bbox` (mask.toBbox, `[x, y, w, h]`). Runs go down the columns
 * (Fortran order) and start with a zeros run. The label array is read in place: no 0/1 mask, no run-length array.
 * Platform-neutral. Decoding: coco-rle-decode.ts.
 */
import type { LabelMap } from '../core/types.js';
import { expected } from '../core/errors.js';
import { RleWriter, type RleBox } from './coco-rle-writer.js';

export type { RleBox } from './coco-rle-writer.js';

export interface CocoRle {
  /** `[height, width]`, as pycocotools writes it. */
  size: [height: number, width: number];
  /** The compressed string (pycocotools gives bytes; JSON carries them as this ASCII string). */
  counts: string;
}

export interface ClassRle extends CocoRle {
  classId: number;
  /** Pixels of the class. */
  area: number;
  /** `[x, y, width, height]` of the class's pixels; `[0, 0, 0, 0]` when it has none. */
  bbox: RleBox;
}

type Labels = LabelMap['labels'];

/** pycocotools stores run lengths as 32-bit unsigned integers. */
const MAX_PIXELS = 0xffffffff;

function checkGrid(labels: Labels, width: number, height: number): void {
  if (!Number.isSafeInteger(width) || width < 0) throw expected('a whole number of pixels', 'width', width);
  if (!Number.isSafeInteger(height) || height < 0) throw expected('a whole number of pixels', 'height', height);
  if (width * height > MAX_PIXELS) throw expected(`at most ${MAX_PIXELS} pixels (COCO RLE counts are 32-bit)`, 'label map', `${width}x${height}`);
  if (labels.length !== width * height) throw expected(`${width * height} labels (width x height)`, 'labels', labels.length);
}

function checkClassId(id: unknown, labels: Labels, parameter: string): asserts id is number {
  const max = labels instanceof Uint8Array ? 255 : 65535;
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > max) throw expected(`a class id from 0 to ${max}`, parameter, id);
}

/** The RLE of one class, read straight from the labels column by column. */
export function encodeClassRle(labels: Labels, width: number, height: number, classId: number): ClassRle {
  checkGrid(labels, width, height);
  checkClassId(classId, labels, 'classId');
  const writer = new RleWriter(height);
  const n = width * height;
  let inside = false;
  let run = 0;
  for (let x = 0; x < width; x++) {
    for (let i = x; i < n; i += width) {
      if ((labels[i] === classId) !== inside) {
        writer.push(run);
        run = 0;
        inside = !inside;
      }
      run++;
    }
  }
  writer.push(run);
  return { classId, size: [height, width], ...writer.finish() };
}

/**
 * The RLE of every class present in the map (ascending id), or of exactly `classes` in their order (absent ones
 * as empty masks), in one column-major pass whatever the number of classes.
 */
export function labelMapToRle(map: LabelMap, classes?: readonly number[]): ClassRle[] {
  const { labels, width, height } = map;
  checkGrid(labels, width, height);
  const range = labels instanceof Uint8Array ? 256 : 65536;
  const wanted = classes ? wantedClasses(classes, labels) : undefined;
  const writers = writeAllRuns(labels, width, height, range, wanted);
  const ids = classes ?? presentIds(writers);
  return ids.map((classId) => ({ classId, size: [height, width], ...finishWriter(writers[classId], width, height) }));
}

/**
 * The RLE of every id 0..count-1 of an id grid (e.g. instance ids, any number of them) in one column-major pass;
 * `ids` row-major, every value below `count`.
 */
export function idGridToRle(ids: ArrayLike<number>, width: number, height: number, count: number): (CocoRle & { area: number; bbox: RleBox })[] {
  if (ids.length !== width * height) throw expected(`${width * height} ids (width x height)`, 'ids', ids.length);
  const writers = writeAllRuns(ids, width, height, count);
  return Array.from({ length: count }, (_, id) => ({ size: [height, width] as [number, number], ...finishWriter(writers[id], width, height) }));
}

function finishWriter(writer: RleWriter | undefined, width: number, height: number) {
  const finished = writer ?? new RleWriter(height);
  finished.push(width * height - finished.start);
  return finished.finish();
}

/** One pass down the columns feeding each id's writer its runs; the last run of each is left open. */
function writeAllRuns(labels: ArrayLike<number>, width: number, height: number, range: number, wanted?: Uint8Array): (RleWriter | undefined)[] {
  const writers: (RleWriter | undefined)[] = new Array(range);
  const n = width * height;
  let previous = -1;
  let p = 0;
  for (let x = 0; x < width; x++) {
    for (let i = x; i < n; i += width, p++) {
      const label = labels[i];
      if (label === previous) continue;
      // Position p ends a ones run of the previous label and a zeros run of this one.
      const left = previous >= 0 ? writers[previous] : undefined;
      if (left) {
        left.push(p - left.start);
        left.start = p;
      }
      previous = label;
      let entered = writers[label];
      if (!entered) {
        if (wanted && !wanted[label]) continue;
        entered = writers[label] = new RleWriter(height);
      }
      entered.push(p - entered.start);
      entered.start = p;
    }
  }
  return writers;
}

function wantedClasses(classes: readonly number[], labels: Labels): Uint8Array {
  if (!Array.isArray(classes)) throw expected('an array of class ids', 'classes', classes);
  const wanted = new Uint8Array(labels instanceof Uint8Array ? 256 : 65536);
  classes.forEach((id, index) => {
    checkClassId(id, labels, `classes[${index}]`);
    if (wanted[id]) throw expected('each class id once', `classes[${index}]`, id);
    wanted[id] = 1;
  });
  return wanted;
}

function presentIds(writers: (RleWriter | undefined)[]): number[] {
  const ids: number[] = [];
  writers.forEach((writer, id) => {
    if (writer) ids.push(id);
  });
  return ids;
}
