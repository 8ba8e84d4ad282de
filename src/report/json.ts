/** Reports as JSON: NaN (an undefined score) is written as null, typed arrays as plain arrays. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, (_key, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v), 2)}\n`;
}

/** Reads a report written by toJson: every null was a NaN number (undefined fields are omitted, never null). */
export function fromJson<T>(text: string): T {
  return JSON.parse(text, (_key, v) => (v === null ? NaN : v)) as T;
}
