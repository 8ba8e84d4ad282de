/**
 * Card <-> ONNX graph: the graph's declared inputs and outputs fill what the card leaves out (tensor names, fixed
 * input size, element type) and any field that contradicts the graph is rejected with the two values side by side.
 */
import { expected, SemsegError } from '../core/errors.js';
import type { ModelMetadata, TensorMetadata } from '../runtime/types.js';
import type { ModelCard } from './card-schema.js';
import { parseModelCard } from './card.js';

type RawCard = Record<string, unknown> & { input?: Record<string, unknown>; output?: Record<string, unknown> };

function mismatch(what: string, cardValue: unknown, graphValue: unknown, source: string): SemsegError {
  return new SemsegError(
    'MODEL_MISMATCH',
    `Expected ${what} to agree with the ONNX graph (${JSON.stringify(graphValue)}) but the card in ${source} says ${JSON.stringify(cardValue)}`,
  );
}

function pick(list: TensorMetadata[], name: unknown, role: string, source: string): TensorMetadata {
  if (list.length === 0) throw new SemsegError('MODEL_MISMATCH', `Expected the model to declare at least one ${role} but it declares none`);
  if (name === undefined) return list[0];
  const found = list.find((t) => t.name === name);
  if (!found) throw mismatch(`${role}.name`, name, list.map((t) => t.name), source);
  return found;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The card and its sections must be JSON objects before they are completed (spreading `"NCHW"` gives {0: "N", ...}). */
function checkSections(raw: unknown, source: string): RawCard {
  if (!isObject(raw)) throw expected('a JSON object', `the model card in ${source}`, raw, 'INVALID_MODEL_CARD');
  for (const key of ['input', 'output', 'inference']) {
    if (raw[key] !== undefined && !isObject(raw[key])) throw expected(`an object (see docs/model-card.md)`, `${key} in ${source}`, raw[key], 'INVALID_MODEL_CARD');
  }
  return raw as RawCard;
}

/** Fills the raw card from the graph, validates it, then checks what the graph fixes. */
export function reconcileCard(raw: unknown, metadata: ModelMetadata, source: string): ModelCard {
  const card: RawCard = { ...checkSections(raw, source) };
  const input = pick(metadata.inputs, card.input?.name, 'input', source);
  const output = pick(metadata.outputs, card.output?.name, 'output', source);
  card.input = { ...card.input, name: input.name };
  card.output = { ...card.output, name: output.name };
  if (card.input.dtype === undefined && input.type === 'uint8') card.input.dtype = 'uint8';
  if (card.output.kind === undefined && /int/.test(output.type)) card.output.kind = 'labels';

  const shape = input.shape;
  if (shape.length !== 4) {
    throw new SemsegError('MODEL_MISMATCH', `Expected a 4-D image input (N, C, H, W or N, H, W, C) for input ${input.name} but the graph declares [${shape.join(', ')}]`);
  }
  const layout = (card.input.layout as string | undefined) ?? (shape[3] === 3 || shape[3] === 1 ? 'NHWC' : 'NCHW');
  card.input.layout = layout;
  const [h, w] = layout === 'NCHW' ? [shape[2], shape[3]] : [shape[1], shape[2]];
  if (card.input.size === undefined && typeof h === 'number' && typeof w === 'number') {
    card.input.size = { mode: 'fixed', width: w, height: h };
    if (card.input.resize === undefined) card.input.resize = 'stretch';
  }

  const parsed = parseModelCard(card, source);
  const channelDim = parsed.input.layout === 'NCHW' ? shape[1] : shape[3];
  if (typeof channelDim === 'number' && channelDim !== parsed.input.channels) {
    throw mismatch(`input.channels with input.layout ${parsed.input.layout}`, parsed.input.channels, channelDim, source);
  }
  if (parsed.input.dtype !== input.type) throw mismatch('input.dtype', parsed.input.dtype, input.type, source);
  if (parsed.input.size.mode === 'fixed') {
    const { width, height } = parsed.input.size;
    if ((typeof w === 'number' && w !== width) || (typeof h === 'number' && h !== height)) {
      throw mismatch('input.size', { width, height }, { width: w, height: h }, source);
    }
  } else if (typeof w === 'number' || typeof h === 'number') {
    throw mismatch('input.size.mode', 'dynamic', { width: w, height: h }, source);
  }
  const oshape = output.shape;
  if (parsed.output.kind !== 'labels' && oshape.length === 4) {
    const c = parsed.output.layout === 'NCHW' ? oshape[1] : oshape[3];
    const expectedChannels = c === 1 ? 2 : c;
    if (typeof c === 'number' && expectedChannels !== parsed.classes.length) {
      throw mismatch('the number of classes', parsed.classes.length, `${c} score channel${c === 1 ? ' (binary)' : 's'}`, source);
    }
  }
  return parsed;
}
