/**
 * Decoder failures in plain words. libvips keeps one error buffer for the whole process, so the text sharp
 * reports can hold many lines, repeated, and lines of other files decoded at the same time. Only lines that name
 * this file's own loader (or no loader at all) are read; the first of them becomes the error's `detail`, bounded.
 * The message says the cause ("truncated PNG", "corrupt GIF frame", "not an image") and never the file path (the
 * caller prints the path once).
 */
import { boundLine, SemsegError } from '../core/errors.js';
import { endMissing, FORMAT_NAMES, type ImageFormat } from './sniff.js';

export const DETAIL_MAX = 200;

/** Words by which libvips's loaders (and the libraries under them) sign their messages. */
const LOADER_WORDS: Readonly<Record<ImageFormat, RegExp>> = {
  png: /png/i,
  jpeg: /jpe?g/i,
  gif: /gif/i,
  webp: /webp/i,
  tiff: /tiff?\b|tiff2vips/i,
  heif: /heif|avif/i,
};

const SHARP_PREFIX = /^Input (buffer|file) has corrupt header:\s*/i;

/** The first line written by this format's loader, else the first naming no loader; bounded, or undefined. */
export function ownFirstLine(text: string, format: ImageFormat | undefined): string | undefined {
  const lines = text.split(/\r?\n/).map((line) => line.replace(SHARP_PREFIX, '').trim()).filter(Boolean);
  const others = Object.entries(LOADER_WORDS).filter(([name]) => name !== format).map(([, words]) => words);
  const own = format ? lines.find((line) => LOADER_WORDS[format].test(line)) : undefined;
  const line = own ?? lines.find((l) => !others.some((words) => words.test(l)));
  if (line === undefined) return undefined;
  return boundLine(line, DETAIL_MAX);
}

const TRUNCATED = /truncat|premature end|unexpected end|end of (file|data)|too small|short read|not enough data|bad seek|\beof\b/i;
const CHECKSUM = /crc|checksum|adler/i;
const UNSUPPORTED = /unsupported (codec|feature|compression)|not (yet )?(supported|implemented)/i;

/** Where decoding stopped: reading the header (size, bands) or the pixels. */
export type DecodeStage = 'header' | 'pixels';

export interface DecodeFailureFacts {
  format: ImageFormat | undefined;
  bytes: number;
  stage: DecodeStage;
  /** The last bytes of the file (for end markers), when known. */
  tail?: Uint8Array;
}

function cause(facts: DecodeFailureFacts, detail: string | undefined): string {
  const { format, bytes, stage, tail } = facts;
  if (bytes === 0) return 'an empty file (0 bytes)';
  if (!format) return 'a file that is not an image (no PNG, JPEG, GIF, WebP, TIFF or HEIF/AVIF signature)';
  const name = FORMAT_NAMES[format];
  const text = detail ?? '';
  if (TRUNCATED.test(text) || (tail && endMissing(format, tail))) return `a truncated ${name}`;
  if (CHECKSUM.test(text)) return `a corrupt ${name} (checksum mismatch)`;
  if (UNSUPPORTED.test(text)) return `a ${name} in a variant this build cannot decode (codec or compression)`;
  if (stage === 'header') return `a ${name} with a corrupt header`;
  if (format === 'gif' && /frame/i.test(text)) return 'a corrupt GIF frame';
  return `a ${name} with corrupt image data`;
}

/** One-line DECODE_FAILED error for a file that sharp could not read. */
export function decodeFailure(facts: DecodeFailureFacts, error: unknown): SemsegError {
  const detail = ownFirstLine(error instanceof Error ? error.message : String(error), facts.format);
  return new SemsegError('DECODE_FAILED', `Expected a decodable image but received ${cause(facts, detail)}`, { cause: error, detail });
}
