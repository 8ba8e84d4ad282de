/**
 * The image of a checked inference request, as predict() takes it: decoded pixels (a UINT8 [H, W, 3] or
 * [1, H, W, 3] tensor, row-major RGB, which becomes a RasterImage over the request's own bytes) or encoded bytes for
 * the decoder (a BYTES tensor of one element, shape [1] or [1, 1]: binary data as sent, or in JSON a base64 string,
 * since a JSON string cannot hold arbitrary bytes; KServe's v2 image examples send base64 the same way).
 */
import { SemsegError, expected } from '../../core/errors.js';
import type { RasterImage } from '../../core/types.js';
import { IMAGE_INPUT, type InferRequest } from './types.js';

export type RequestImage =
  | { kind: 'raster'; image: RasterImage; batched: boolean }
  | { kind: 'encoded'; bytes: Uint8Array; batched: boolean };

export interface ImageFromRequestOptions {
  /** Refuse tensors of more pixels (IMAGE_TOO_LARGE); encoded images are checked by the decoder. */
  maxPixels?: number;
}

/** `batched` is true for [1, H, W, 3] and BYTES [1, 1]: the outputs then keep a leading batch dimension of 1. */
export function imageFromRequest(request: InferRequest, options: ImageFromRequestOptions = {}): RequestImage {
  if (request.inputs.length !== 1) throw expected(`one input (${IMAGE_INPUT})`, 'inputs', `${request.inputs.length} inputs`);
  const input = request.inputs[0];
  if (input.name !== IMAGE_INPUT) throw expected(`the input name "${IMAGE_INPUT}"`, 'inputs[0].name', input.name);
  const shape = input.shape;
  if (input.datatype === 'UINT8') {
    const batched = shape.length === 4;
    const [height, width, channels] = batched ? shape.slice(1) : shape;
    if ((shape.length !== 3 && !(batched && shape[0] === 1)) || channels !== 3 || !(height > 0 && width > 0)) {
      throw expected('[H, W, 3] or [1, H, W, 3] with H and W of 1 or more (RGB, row-major)', 'inputs[0].shape', shape);
    }
    if (options.maxPixels !== undefined && width * height > options.maxPixels) {
      throw new SemsegError('IMAGE_TOO_LARGE', `Expected at most ${options.maxPixels} pixels but received a ${width}x${height} image tensor`);
    }
    return { kind: 'raster', batched, image: { data: input.data, width, height, channels: 3 } };
  }
  if (input.datatype === 'BYTES') {
    const batched = shape.length === 2;
    if (!(shape.length === 1 || batched) || shape.some((d) => d !== 1)) throw expected('[1] or [1, 1] (one encoded image)', 'inputs[0].shape', shape);
    const element = input.data[0];
    const bytes = typeof element === 'string' ? fromBase64(element) : element;
    if (bytes.length === 0) throw expected('the bytes of an encoded image', 'inputs[0].data[0]', 'an empty element');
    return { kind: 'encoded', batched, bytes };
  }
  throw expected('UINT8 (an [H, W, 3] image) or BYTES (one encoded image)', 'inputs[0].datatype', input.datatype);
}

/** Standard base64 with padding (Buffer's decoder alone would skip stray characters silently). */
function isBase64(text: string): boolean {
  if (text.length % 4 !== 0) return false;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  for (let i = 0; i < text.length - padding; i++) {
    const c = text.charCodeAt(i);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
    if (!ok) return false;
  }
  return true;
}

function fromBase64(text: string): Uint8Array {
  if (!isBase64(text)) throw expected('base64 (an encoded image in a JSON BYTES element)', 'inputs[0].data[0]', text);
  const buffer = Buffer.from(text, 'base64');
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
}
