/**
 * The options of a semseg server, validated once (zod) whether they come from flags, a config file or code. Sizes
 * and times are plain numbers (bytes, milliseconds) so a config file reads the same as the flags.
 */
import { z } from 'zod';
import { expected } from '../core/errors.js';
import type { Logger } from 'pino';

const positiveInt = z.number().int().positive();

export const serverOptionsSchema = z.strictObject({
  /** Model references (embedded names, .onnx files, folders); each is served under its card's name. */
  models: z.array(z.string().min(1)).min(1).default(['street']),
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8080),
  /** Requests that may wait for a worker beyond those running; one more is refused at once with 429. */
  maxQueue: z.number().int().min(0).optional(),
  /** Deadline of one prediction (decode, inference, encode): 504 after it. */
  timeoutMs: positiveInt.default(30_000),
  maxBodyBytes: positiveInt.default(32 * 1024 * 1024),
  /** Pixel limit read from the image header before decoding: 413 above it. */
  maxPixels: positiveInt.default(40_000_000),
  /** The whole body must arrive within this time: 408 after it. */
  bodyTimeoutMs: positiveInt.default(30_000),
  /** Accepted API keys; empty: no authentication (loopback only). */
  apiKeys: z.array(z.string().min(16, 'API keys must be at least 16 characters')).default([]),
  /** Origins allowed to call from a browser ("*" for any); absent: no CORS headers at all. */
  corsOrigin: z.array(z.string().min(1)).optional(),
  /** Requests per window per API key (or per address without keys); absent: no rate limit. */
  rateLimit: z.strictObject({ max: positiveInt, windowMs: positiveInt.default(60_000) }).optional(),
  /** How long in-flight requests may finish after SIGTERM before they are cancelled. */
  drainTimeoutMs: z.number().int().min(0).default(10_000),
  workers: positiveInt.optional(),
  threadsPerWorker: positiveInt.optional(),
  /** Dynamic batching (models with a dynamic batch axis): up to maxBatch images per run, waiting at most maxQueueDelayUs. */
  batching: z.strictObject({ maxBatch: positiveInt, maxQueueDelayUs: z.number().int().min(0).default(0) }).optional(),
  /** Reference quality profiles by model name (`semseg profile`): drift monitoring of those models. */
  references: z.record(z.string(), z.string().min(1)).optional(),
  /** Rolling window and thresholds of drift monitoring (PSI / Jensen-Shannon distance). */
  drift: z.strictObject({ window: positiveInt.optional(), minImages: positiveInt.optional(), warn: z.number().positive().optional(), alert: z.number().positive().optional() }).optional(),
  /** Store requests whose quality matches `rule` (see server/capture-rule.ts), sampled, up to maxBytes. */
  capture: z
    .strictObject({ dir: z.string().min(1), rule: z.string().min(1).default('always'), sampleRate: z.number().min(0).max(1).default(1), maxBytes: positiveInt.default(1024 ** 3) })
    .optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type ServerOptionsInput = z.input<typeof serverOptionsSchema>;
export type ServerOptions = z.output<typeof serverOptionsSchema>;

/** Code-only extras that a config file cannot carry. */
export interface ServerRuntimeOptions {
  /** A pino logger to write to (tests capture it); default: pino to stdout at `logLevel`. */
  logger?: Logger;
}

export function parseServerOptions(input: unknown, source = 'server options'): ServerOptions {
  const parsed = serverOptionsSchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue.path.length ? issue.path.join('.') : source;
  if (issue.code === 'unrecognized_keys') throw expected(`only known options (${Object.keys(serverOptionsSchema.shape).join(', ')})`, where, issue.keys);
  throw expected(describeIssue(issue), where, valueAt(input, issue.path));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`;
    case 'too_small':
      return issue.origin === 'array' ? `at least ${issue.minimum} entries` : issue.origin === 'string' ? `at least ${issue.minimum} characters` : `a number >= ${issue.minimum}`;
    case 'too_big':
      return `a number <= ${issue.maximum}`;
    case 'invalid_value':
      return `one of ${issue.values.map(String).join(', ')}`;
    default:
      return issue.message;
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = input;
  for (const key of path) value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}
