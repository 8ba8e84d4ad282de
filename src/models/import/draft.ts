/**
 * The card an import is building, field by field, with where each value came from. Sources offer values from the
 * strongest down (flags, then config files, then the graph and probing, then assumptions): the first offer for a
 * field wins and later ones are ignored.
 */
export class CardDraft {
  private readonly values = new Map<string, unknown>();
  readonly decisions: Record<string, string> = {};

  /** Sets `field` (a card path such as "input.layout", "classes") unless a stronger source already has. */
  offer(field: string, value: unknown, source: string): void {
    if (value === undefined || this.values.has(field)) return;
    this.values.set(field, value);
    this.decisions[field] = source;
  }

  get<T>(field: string): T | undefined {
    return this.values.get(field) as T | undefined;
  }

  /** The raw card: "input.x" fields under input, "output.x" under output, the rest at the top. */
  toRawCard(): Record<string, unknown> {
    const card: Record<string, Record<string, unknown> | unknown> = { input: {}, output: {} };
    for (const [field, value] of this.values) {
      const [head, tail] = field.split('.');
      if (tail === undefined) card[head] = value;
      else (card[head] as Record<string, unknown>)[tail] = value;
    }
    return card;
  }
}
