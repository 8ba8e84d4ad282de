/**
 * The one error type of semseg. `code` is stable (the CLI prints the message, the server maps codes to HTTP
 * statuses); messages follow "Expected <what> for <parameter> but received <value>" wherever input is at fault.
 */
export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'INVALID_MODEL_CARD'
  | 'MODEL_MISMATCH'
  | 'MODEL_NOT_FOUND'
  | 'UNSUPPORTED_OPERATOR'
  | 'DECODE_FAILED'
  | 'IMAGE_TOO_LARGE'
  | 'INFERENCE_FAILED'
  | 'WORKER_CRASHED'
  | 'POOL_CLOSED'
  | 'DATASET_INVALID'
  | 'IO_FAILED'
  | 'MODEL_LOAD_FAILED'
  | 'OUTPUT_FAILED'
  | 'CANCELLED'
  | 'TIMEOUT'
  | 'BUSY'
  | 'UNAUTHORIZED'
  | 'RATE_LIMITED'
  | 'NOT_FOUND'
  | 'BODY_TOO_LARGE'
  | 'BODY_TIMEOUT'
  | 'UNAVAILABLE'
  | 'TOOL_MISSING'
  | 'INTERNAL';

export class SemsegError extends Error {
  readonly code: ErrorCode;
  /** The underlying library's own words (one line, bounded), for logs; the message stays in plain words. */
  readonly detail?: string;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; detail?: string }) {
    super(message, options);
    this.name = 'SemsegError';
    this.code = code;
    if (options?.detail !== undefined) this.detail = options.detail;
  }
}

/** A line cut to at most `max` characters (ending in "..." when cut). */
export function boundLine(line: string, max: number): string {
  return line.length > max ? `${line.slice(0, max - 3)}...` : line;
}

/** The first line of a (library's) message, bounded: messages are one line in every front end. */
export function firstLine(text: string, max: number): string {
  return boundLine(text.split(/\r?\n/, 1)[0], max);
}

/** Short, single-line rendering of any value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (value === undefined || value === null || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<unknown>).length})`;
  if (Array.isArray(value)) return value.length > 8 ? `array of ${value.length}` : `[${value.map(describeValue).join(', ')}]`;
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** `Expected <what> for <parameter> but received <value>` with a stable code. */
export function expected(what: string, parameter: string, received: unknown, code: ErrorCode = 'INVALID_ARGUMENT') {
  return new SemsegError(code, `Expected ${what} for ${parameter} but received ${describeValue(received)}`);
}
