/**
 * What `POST /v1/segment` answers with: `outputs=` names it (json, labels, color, overlay, confidence, rle); without
 * it the Accept header chooses (image/png: the label map, image/jpeg: the overlay, anything else: JSON). One image
 * output alone is sent as that image; anything else is JSON, with images as base64 and masks as COCO RLE inside.
 */
import { expected } from '../core/errors.js';
import { OUTPUT_KINDS, type OutputKind } from '../pipeline/outputs.js';

export const RESPONSE_OUTPUTS = ['json', 'labels', 'color', 'overlay', 'confidence', 'rle'] as const;
export type ResponseOutput = (typeof RESPONSE_OUTPUTS)[number];

export type ResponsePlan =
  | { kind: 'image'; output: Exclude<OutputKind, 'json'> }
  | { kind: 'json'; images: Exclude<OutputKind, 'json'>[]; rle: boolean };

export function parseOutputs(text: string): ResponseOutput[] {
  const list = text.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = list.filter((o) => !(RESPONSE_OUTPUTS as readonly string[]).includes(o));
  if (unknown.length || !list.length) throw expected(`a comma-separated list of ${RESPONSE_OUTPUTS.join(', ')}`, 'outputs', text);
  return [...new Set(list)] as ResponseOutput[];
}

function fromAccept(accept: string | undefined): ResponseOutput {
  // The first media range we can produce wins (clients list what they want most first; q-values are rarely used here).
  for (const range of (accept ?? '').split(',')) {
    const type = range.split(';')[0].trim().toLowerCase();
    if (type === 'application/json') return 'json';
    if (type === 'image/png') return 'labels';
    if (type === 'image/jpeg') return 'overlay';
  }
  return 'json';
}

export function planResponse(outputs: string | undefined, accept: string | undefined): ResponsePlan {
  const list = outputs === undefined ? [fromAccept(accept)] : parseOutputs(outputs);
  const images = list.filter((o): o is Extract<ResponseOutput, Exclude<OutputKind, 'json'>> => o !== 'json' && o !== 'rle' && (OUTPUT_KINDS as readonly string[]).includes(o));
  if (list.length === 1 && images.length === 1) return { kind: 'image', output: images[0] };
  return { kind: 'json', images, rle: list.includes('rle') };
}
