/** Bounded lists for messages: a 70,000-item list must not become a 259 KB line. */
export const LISTED = 10;

/** `a, b, c` or `a, b, ..., j and 12 more`. */
export function listSome(items: readonly string[], max = LISTED): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/** One line, at most `max` characters: a message of any length fits on a terminal line. */
export function oneLine(text: string, max = 400): string {
  const flat = text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}
