/**
 * Mutated model folders from models/street: truncated, byte-flipped or junk model.onnx files with the real card, and
 * cards with wrong types, strings where objects belong, extreme numbers, missing fields, huge or contradicting class
 * tables, windows too small to finish, or broken JSON, next to the real model.
 */
import type { Random } from './random.js';

export const MODEL_MUTATIONS = ['model-truncate', 'model-flip', 'model-junk', 'card-type', 'card-string-for-object', 'card-extreme-number', 'card-missing', 'card-huge-classes', 'card-class-count', 'card-tiny-window', 'card-bad-json'] as const;
export type ModelMutation = (typeof MODEL_MUTATIONS)[number];

export interface MutatedModel {
  mutation: ModelMutation;
  detail: string;
  /** Replaced model bytes; undefined keeps the real model. */
  model?: Uint8Array;
  /** Card text; undefined keeps the real card. */
  card?: string;
  /** A card no validation may let through (running it anyway is a finding); model bytes may be harmless. */
  mustReject: boolean;
}

type Json = Record<string, unknown>;

/** How often each is drawn; slow defects (windows too small to finish) need few examples to be seen. */
const WEIGHTS: Record<ModelMutation, number> = {
  'model-truncate': 20, 'model-flip': 25, 'model-junk': 5, 'card-type': 12, 'card-string-for-object': 6, 'card-extreme-number': 10,
  'card-missing': 8, 'card-huge-classes': 3, 'card-class-count': 6, 'card-tiny-window': 2, 'card-bad-json': 3,
};

function drawMutation(random: Random): ModelMutation {
  let r = random.next() * MODEL_MUTATIONS.reduce((s, m) => s + WEIGHTS[m], 0);
  for (const m of MODEL_MUTATIONS) if ((r -= WEIGHTS[m]) < 0) return m;
  return 'model-flip';
}

/** Paths into the card whose values the card mutations replace or remove. */
const CARD_PATHS = [
  'name', 'version', 'input', 'input.layout', 'input.dtype', 'input.channels', 'input.size', 'input.size.mode', 'input.size.multipleOf',
  'input.resize', 'input.colorOrder', 'input.valueScale', 'input.mean', 'input.mean.0', 'input.std', 'input.std.2', 'output', 'output.kind',
  'output.layout', 'output.alignCorners', 'inference', 'inference.tta', 'inference.tta.flip', 'classes', 'classes.0', 'classes.0.id',
  'classes.3.name', 'classes.5.color', 'classes.5.color.1', 'ignoreIndex',
];
const NUMERIC_PATHS = ['input.mean.0', 'input.std.2', 'input.valueScale', 'input.channels', 'input.size.multipleOf', 'ignoreIndex', 'classes.0.id', 'classes.5.color.1'];
const EXTREMES: unknown[] = [1e308, -1e308, 1e-300, -0, 'NaN', 'Infinity', -1, 2 ** 53, 0.5];
/** Values no numeric card field may hold: absurd magnitudes and numbers written as strings. */
const ABSURD: unknown[] = [1e308, -1e308, 1e-300, 'NaN', 'Infinity'];
/** Card mutations that always make an invalid card: wrong shapes, broken JSON, tables that contradict the model. */
const ALWAYS_INVALID: ModelMutation[] = ['card-string-for-object', 'card-bad-json', 'card-class-count', 'card-huge-classes', 'card-tiny-window'];
const WRONG_TYPES: unknown[] = [null, true, 42, 'text', [], {}, [1, 2, 3], ''];
const OBJECT_PATHS: [string, string][] = [['input', 'NCHW'], ['output', 'logits'], ['classes', 'sky'], ['inference', 'flip'], ['input.size', 'dynamic'], ['classes.0', 'sky']];

function parent(card: Json, path: string): [Json, string] | undefined {
  const keys = path.split('.');
  let node: unknown = card;
  for (const key of keys.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Json)[key];
  }
  return typeof node === 'object' && node !== null ? [node as Json, keys[keys.length - 1]] : undefined;
}

function setPath(card: Json, path: string, value: unknown): void {
  const at = parent(card, path);
  if (at) at[0][at[1]] = value;
}

function deletePath(card: Json, path: string): void {
  const at = parent(card, path);
  if (!at) return;
  if (Array.isArray(at[0])) at[0].splice(Number(at[1]), 1);
  else delete at[0][at[1]];
}

function classTable(count: number): Json[] {
  return Array.from({ length: count }, (_, id) => ({ id, name: `class-${id}`, color: [id % 256, (id >> 8) % 256, (id * 7) % 256] }));
}

function mutateCard(cardText: string, mutation: ModelMutation, random: Random): { card: string; detail: string; mustReject: boolean } {
  const card = JSON.parse(cardText) as Json;
  const show = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : Object.is(value, -0) ? '-0' : JSON.stringify(value));
  let detail: string;
  switch (mutation) {
    case 'card-type': {
      const path = random.pick(CARD_PATHS);
      const value = random.pick(WRONG_TYPES);
      setPath(card, path, value);
      detail = `${path} = ${show(value)}`;
      break;
    }
    case 'card-string-for-object': {
      const [path, value] = random.pick(OBJECT_PATHS);
      setPath(card, path, value);
      detail = `${path} = ${show(value)}`;
      break;
    }
    case 'card-extreme-number': {
      const path = random.pick(NUMERIC_PATHS);
      const value = random.pick(EXTREMES);
      setPath(card, path, Object.is(value, -0) ? '__neg0__' : value);
      // JSON has no -0: write it literally so the parser sees it.
      if (Object.is(value, -0)) return { card: JSON.stringify(card, null, 2).replace(/"__neg0__"/, '-0'), detail: `${path} = -0`, mustReject: false };
      return { card: JSON.stringify(card, null, 2), detail: `${path} = ${show(value)}`, mustReject: ABSURD.includes(value) };
    }
    case 'card-missing': {
      const path = random.pick(CARD_PATHS);
      deletePath(card, path);
      detail = `${path} removed`;
      break;
    }
    case 'card-huge-classes': {
      const count = random.pick([256, 65536, 70000]);
      card.classes = classTable(count);
      detail = `${count} classes`;
      break;
    }
    case 'card-class-count': {
      const count = random.pick([1, 2, 5, 10, 12, 20]);
      card.classes = classTable(count);
      detail = `${count} classes (the model has 11)`;
      break;
    }
    case 'card-tiny-window': {
      const side = random.pick([1, 2, 3]);
      card.inference = { mode: 'slide', wholeMaxPixels: 1, crop: { width: side, height: side }, stride: { width: 1, height: 1 } };
      detail = `sliding ${side}x${side} windows, stride 1`;
      break;
    }
    default: {
      const length = random.int(cardText.length);
      return { card: cardText.slice(0, length), detail: `card cut to ${length} of ${cardText.length} characters`, mustReject: true };
    }
  }
  return { card: JSON.stringify(card, null, 2), detail, mustReject: ALWAYS_INVALID.includes(mutation) };
}

function mutateModelBytes(model: Uint8Array, mutation: ModelMutation, random: Random): { model: Uint8Array; detail: string } {
  if (mutation === 'model-truncate') {
    const length = random.chance(0.3) ? random.int(4096) : random.int(model.length);
    return { model: model.slice(0, length), detail: `first ${length} of ${model.length} bytes` };
  }
  if (mutation === 'model-flip') {
    const bytes = model.slice();
    const count = 1 + random.int(16);
    // Half of the flips land in the first 64 KB, where the graph's structure (not its weights) is.
    const span = random.chance(0.5) ? Math.min(65536, bytes.length) : bytes.length;
    const at = Array.from({ length: count }, () => random.int(span));
    for (const offset of at) bytes[offset] ^= 1 + random.int(255);
    return { model: bytes, detail: `${count} bytes flipped (first at ${at[0]})` };
  }
  const length = random.int(2048);
  return { model: random.bytes(length), detail: `${length} random bytes` };
}

export function mutateModel(model: Uint8Array, cardText: string, random: Random): MutatedModel {
  const mutation = drawMutation(random);
  if (mutation.startsWith('model-')) return { mutation, ...mutateModelBytes(model, mutation, random), mustReject: false };
  return { mutation, ...mutateCard(cardText, mutation, random) };
}
