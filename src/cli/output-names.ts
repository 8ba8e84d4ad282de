/**
 * Output names: a file found in a folder argument keeps its path below that folder (sub-folders mirrored); a file
 * named directly or matched by a glob keeps its base name. Every name is made safe first, so outputs always land
 * inside the output folder: control characters and backslashes become `_`, a segment of dots only (`..`, `.`) gets
 * a `_` in front, empty segments are dropped, and a segment too long for the file system (255 bytes with the
 * longest output ending) is shortened and given a hash of the full name. Equal names (compared case-insensitively,
 * for case-insensitive file systems) and reserved names (`summary`, the run's own summary.json) get -2, -3, ...
 */
import { createHash } from 'node:crypto';
import { basename, extname, relative } from 'node:path';

export interface InputFile {
  path: string;
  /** Output stem relative to the output folder, without extension; always inside it. */
  name: string;
}

/** Names the output folder uses itself, at its top level. */
export const RESERVED_STEMS = ['summary'];
/** Bytes a file name may have (common file-system limit) and the longest ending an output adds. */
const NAME_BYTES = 255;
const LONGEST_ENDING = '-99999.confidence.png'.length;

function stripExtension(path: string): string {
  return path.slice(0, path.length - extname(path).length);
}

function shorten(segment: string): string {
  const room = NAME_BYTES - LONGEST_ENDING;
  if (Buffer.byteLength(segment) <= room) return segment;
  const hash = createHash('sha256').update(segment).digest('hex').slice(0, 10);
  let head = segment;
  while (Buffer.byteLength(head) > room - hash.length - 1) head = head.slice(0, -1);
  return `${head}-${hash}`;
}

/** One path segment made safe for a file name inside the output folder. */
export function safeSegment(segment: string): string {
  const clean = segment.replace(/[\u0000-\u001f\u007f\\]/g, '_');
  return shorten(/^\.+$/.test(clean) ? `_${clean}` : clean);
}

export function safeStem(stem: string): string {
  const segments = stem.split('/').filter((s) => s.length > 0).map(safeSegment);
  return segments.length ? segments.join('/') : '_';
}

export function nameInputs(found: { path: string; folder?: string }[]): InputFile[] {
  const used = new Set(RESERVED_STEMS);
  return found.map(({ path, folder }) => {
    const stem = safeStem(stripExtension(folder ? relative(folder, path) : basename(path)));
    let name = stem;
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${stem}-${i}`;
    used.add(name.toLowerCase());
    return { path, name };
  });
}

/** A path as one printable line: control characters (a newline could forge a line of output) escaped. */
export function printablePath(path: string): string {
  return path.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
