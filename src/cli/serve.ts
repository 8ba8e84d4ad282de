/**
 * `semseg serve`: the HTTP service (src/server/) on a port. Options come from flags, a JSON config file (`--config`,
 * the same names in camelCase) and SEMSEG_API_KEYS, in that order of precedence. SIGTERM / SIGINT drain the server
 * (readiness fails, in-flight requests finish until --drain-timeout-ms) and it exits 0.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { pino } from 'pino';
import { expected, SemsegError } from '../core/errors.js';
import { createServer } from '../server/create-server.js';
import type { ServerOptionsInput } from '../server/options.js';
import { keysFromText, readKeyFile } from '../server/auth.js';
import { parseNumberOption } from './options.js';
import type { CommandContext } from './io.js';

interface ServeFlags {
  model?: string[];
  host?: string;
  port?: number;
  config?: string;
  maxQueue?: number;
  timeoutMs?: number;
  maxBodyBytes?: number;
  maxPixels?: number;
  bodyTimeoutMs?: number;
  apiKeyFile?: string;
  corsOrigin?: string[];
  drainTimeoutMs?: number;
  rateLimit?: number;
  rateLimitWindowMs?: number;
  workers?: number;
  threads?: number;
  maxBatch?: number;
  maxQueueDelayUs?: number;
  logLevel?: string;
  reference?: string[];
  driftWindow?: number;
  driftWarn?: number;
  driftAlert?: number;
  capture?: string;
  captureRule?: string;
  captureRate?: number;
  captureMaxBytes?: number;
}

/** `--reference street=ref.json` (repeatable) -> { street: 'ref.json' }. */
function referenceMap(values: string[] | undefined): Record<string, string> | undefined {
  if (!values) return undefined;
  return Object.fromEntries(
    values.map((value) => {
      const at = value.indexOf('=');
      if (at < 1 || at === value.length - 1) throw expected('<model>=<profile.json> (from semseg profile)', '--reference', value);
      return [value.slice(0, at), value.slice(at + 1)];
    }),
  );
}

function withoutUndefined<T extends object>(value: T): T | undefined {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return entries.length ? (Object.fromEntries(entries) as T) : undefined;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];
const integer = (name: string, min = 0, max = Number.MAX_SAFE_INTEGER) => parseNumberOption(name, min, max, true);

async function readConfig(path: string): Promise<Record<string, unknown>> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new SemsegError('IO_FAILED', `Expected a readable config file for --config but received ${path} (${error.code ?? error.message})`);
  });
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw new SemsegError('INVALID_ARGUMENT', `Expected a JSON object of server options for --config but received ${path} (${(error as Error).message})`);
  }
}

/** Flags over the config file over the environment; what none of them sets keeps the server's default. */
export async function serveOptions(flags: ServeFlags, env: NodeJS.ProcessEnv = process.env): Promise<ServerOptionsInput> {
  const { apiKeyFile: configKeyFile, ...config } = flags.config ? await readConfig(flags.config) : {};
  const keyFile = flags.apiKeyFile ?? (typeof configKeyFile === 'string' ? configKeyFile : undefined);
  const keys = [...(keyFile ? await readKeyFile(keyFile) : []), ...keysFromText(env.SEMSEG_API_KEYS ?? '')];
  const rateLimit = flags.rateLimit ? { max: flags.rateLimit, windowMs: flags.rateLimitWindowMs ?? 60_000 } : undefined;
  const batching = flags.maxBatch ? { maxBatch: flags.maxBatch, maxQueueDelayUs: flags.maxQueueDelayUs ?? 0 } : undefined;
  const given: Record<string, unknown> = {
    models: flags.model,
    host: flags.host,
    port: flags.port,
    maxQueue: flags.maxQueue,
    timeoutMs: flags.timeoutMs,
    maxBodyBytes: flags.maxBodyBytes,
    maxPixels: flags.maxPixels,
    bodyTimeoutMs: flags.bodyTimeoutMs,
    corsOrigin: flags.corsOrigin,
    drainTimeoutMs: flags.drainTimeoutMs,
    rateLimit,
    workers: flags.workers,
    threadsPerWorker: flags.threads,
    batching,
    logLevel: flags.logLevel,
    apiKeys: keys.length ? keys : undefined,
    references: referenceMap(flags.reference),
    drift: withoutUndefined({ window: flags.driftWindow, warn: flags.driftWarn, alert: flags.driftAlert }),
    capture: flags.capture ? withoutUndefined({ dir: flags.capture, rule: flags.captureRule, sampleRate: flags.captureRate, maxBytes: flags.captureMaxBytes }) : undefined,
  };
  const defined = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  return { ...config, ...defined } as ServerOptionsInput;
}

export function registerServe(program: Command, context: CommandContext): void {
  program
    .command('serve')
    .description('serve models over HTTP (JSON API, Open Inference Protocol v2, Prometheus metrics); see docs/serving.md')
    .option('-m, --model <name|path>', 'model to serve (repeat for several; default street)', collect)
    .option('--host <address>', 'address to listen on (default 127.0.0.1; others need API keys)')
    .option('--port <n>', 'port (default 8080; 0 picks a free one)', integer('--port', 0, 65535))
    .option('--config <file>', 'JSON file with these options in camelCase (flags win)')
    .option('--max-queue <n>', 'requests that may wait beyond those running (default 4 x workers); more get 429', integer('--max-queue'))
    .option('--timeout-ms <ms>', 'deadline of one prediction; 504 after it (default 30000)', integer('--timeout-ms', 1))
    .option('--max-body-bytes <n>', 'largest request body; 413 above (default 33554432)', integer('--max-body-bytes', 1))
    .option('--max-pixels <n>', 'largest image, read from its header; 413 above (default 40000000)', integer('--max-pixels', 1))
    .option('--body-timeout-ms <ms>', 'time the whole body may take to arrive; 408 after it (default 30000)', integer('--body-timeout-ms', 1))
    .option('--api-key-file <file>', 'API keys, one per line (also SEMSEG_API_KEYS, comma-separated)')
    .option('--cors-origin <origin>', 'allow browser calls from this origin (repeat; "*" for any); default: no CORS', collect)
    .option('--drain-timeout-ms <ms>', 'on SIGTERM, how long in-flight requests may finish (default 10000)', integer('--drain-timeout-ms'))
    .option('--rate-limit <n>', 'requests per minute per API key (or address); default: none', integer('--rate-limit', 1))
    .option('--rate-limit-window-ms <ms>', 'window of --rate-limit (default 60000)', integer('--rate-limit-window-ms', 1))
    .option('--workers <n>', 'inference worker threads (default: cores)', integer('--workers', 1))
    .option('--threads <n>', 'onnxruntime threads per worker (default: cores / workers)', integer('--threads', 1))
    .option('--max-batch <n>', 'dynamic batching: images per model run for models with a dynamic batch axis', integer('--max-batch', 1))
    .option('--max-queue-delay-us <us>', 'dynamic batching: longest wait for a batch to fill (default 0)', integer('--max-queue-delay-us'))
    .option('--reference <model=profile.json>', 'drift monitoring of a model against a profile from semseg profile (repeat)', collect)
    .option('--drift-window <n>', 'images in the rolling drift window (default 500)', integer('--drift-window', 1))
    .option('--drift-warn <x>', 'PSI / Jensen-Shannon distance that warns (default 0.1)', parseNumberOption('--drift-warn', 1e-6, 100))
    .option('--drift-alert <x>', 'PSI / Jensen-Shannon distance that alerts (default 0.25)', parseNumberOption('--drift-alert', 1e-6, 100))
    .option('--capture <dir>', 'store requests that match --capture-rule in this folder (off by default; see docs/serving.md on privacy)')
    .option('--capture-rule <rule>', 'e.g. "lowConfidenceShare>0.3", "meanConfidence<0.6", "share:person>0.5", comma = any; default always')
    .option('--capture-rate <x>', 'share of matching requests stored, 0..1 (default 1)', parseNumberOption('--capture-rate', 0, 1))
    .option('--capture-max-bytes <n>', 'stop capturing when the folder holds this much (default 1073741824)', integer('--capture-max-bytes', 1))
    .option('--log-level <level>', 'fatal, error, warn, info (default), debug, trace or silent')
    .action(async (flags: ServeFlags) => {
      const options = await serveOptions(flags);
      const logger = pino({ level: typeof options.logLevel === 'string' ? options.logLevel : 'info' }, context.io.stdout as unknown as pino.DestinationStream);
      const server = await createServer(options, { logger });
      let address: string;
      try {
        address = await server.listen();
      } catch (error) {
        await server.close();
        throw error;
      }
      logger.info({ address, models: server.context.models.names, workers: server.context.pool.workers, auth: server.options.apiKeys.length > 0 }, `semseg serve: listening on ${address}`);
      const signal = await new Promise<string>((resolve) => {
        const interrupt = context.io.interrupt;
        if (interrupt?.aborted) resolve(String(interrupt.reason));
        interrupt?.addEventListener('abort', () => resolve(String(interrupt.reason)), { once: true });
      });
      logger.info({ signal, inFlight: server.context.lifecycle.inFlight, drainTimeoutMs: server.options.drainTimeoutMs }, 'draining');
      const { finished, cancelled } = await server.shutdown();
      logger.info({ finished, cancelled }, 'stopped');
    });
}
