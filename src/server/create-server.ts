/**
 * createServer(): a semseg HTTP service as a library. It owns its pool, its models, its metrics registry and its
 * logger (no globals), so tests build one and call `app.inject()`; `semseg serve` only adds listen() and signals.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import { pino, type Logger } from 'pino';
import { SemsegError } from '../core/errors.js';
import { createInferencePool } from '../runtime/ort-pool.js';
import type { InferencePool } from '../runtime/types.js';
import { parseServerOptions, isLoopback, type ServerOptions, type ServerOptionsInput, type ServerRuntimeOptions } from './options.js';
import { ModelStore, type ModelLoader } from './model-store.js';
import { createServerMetrics, type ServerMetrics } from './metrics.js';
import { hasDynamicBatch, withBatching } from '../inference/batching.js';
import type { SegmentationModel } from '../models/types.js';
import { Admission } from './admission.js';
import { Lifecycle } from './lifecycle.js';
import { createKeyChecker, presentedKey, unauthorized } from './auth.js';
import { asServerError, sendError } from './error-reply.js';
import { admissionHook, releaseSlot } from './model-request.js';
import type { ServerContext } from './context.js';
import { healthRoutes, isOpenRoute, OPEN_ROUTES } from './routes/health.js';
import { modelRoutes } from './routes/models.js';
import { metricsRoutes } from './routes/metrics.js';
import { segmentRoutes } from './routes/segment.js';
import { openInferenceRoutes } from './routes/v2.js';
import { monitorRoutes } from './routes/monitor.js';
import { isPageFile, webRoutes } from './routes/web.js';
import { QualityWatch } from './quality-watch.js';

export interface SemsegServer {
  readonly app: FastifyInstance;
  readonly options: ServerOptions;
  readonly context: ServerContext;
  /** Listens on options.host:port; refuses a non-loopback address without API keys. Returns the address. */
  listen(): Promise<string>;
  /** Graceful stop: readiness fails, new work gets 503, in-flight work drains until drainTimeoutMs, then close. */
  shutdown(): Promise<{ finished: boolean; cancelled: number }>;
  /** Immediate stop: queued work is refused, sockets close, workers stop. */
  close(): Promise<void>;
}

export interface CreateServerOptions extends ServerRuntimeOptions {
  /** Use this pool instead of creating one (the caller closes it). */
  pool?: InferencePool;
  /** How model references are loaded (tests inject failing loaders). */
  loader?: ModelLoader;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? 'unmatched';
}

export async function createServer(input: ServerOptionsInput = {}, runtime: CreateServerOptions = {}): Promise<SemsegServer> {
  const options = parseServerOptions(input);
  const ownPool = !runtime.pool;
  const pool = runtime.pool ?? createInferencePool({ workers: options.workers, threadsPerWorker: options.threadsPerWorker, maxQueue: Number.MAX_SAFE_INTEGER });
  const admission = new Admission(pool.workers + (options.maxQueue ?? 4 * pool.workers));
  const lifecycle = new Lifecycle();
  const metrics = createServerMetrics(pool, () => admission.inFlight);
  const logger: Logger = runtime.logger ?? pino({ level: options.logLevel });
  const models = new ModelStore(pool, runtime.loader, (model) => prepareModel(model, options, metrics, logger));
  try {
    for (const reference of options.models) await models.add(reference);
  } catch (error) {
    await models.close();
    if (ownPool) await pool.close();
    throw error;
  }
  let quality: QualityWatch;
  try {
    quality = await QualityWatch.create(options, models, metrics, logger);
  } catch (error) {
    await models.close();
    if (ownPool) await pool.close();
    throw error;
  }
  const context: ServerContext = { options, models, pool, metrics, admission, lifecycle, quality, admit: admissionHook(admission) };
  const app = buildApp(context, logger);
  await app.ready();
  lifecycle.markReady();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      lifecycle.markClosed();
      await app.close();
      await quality.settled();
      await models.close();
      if (ownPool) await pool.close();
    })());

  return {
    app,
    options,
    context,
    async listen() {
      if (!isLoopback(options.host) && options.apiKeys.length === 0) {
        throw new SemsegError('INVALID_ARGUMENT', `Expected API keys (--api-key-file or SEMSEG_API_KEYS) for host ${options.host}, which is not a loopback address, but received none: refusing to serve without authentication`);
      }
      return app.listen({ host: options.host, port: options.port });
    },
    async shutdown() {
      const result = await lifecycle.drain(options.drainTimeoutMs);
      await close();
      return result;
    },
    close,
  };
}

/** Dynamic batching where it is asked for and the model's batch axis allows it. */
function prepareModel(model: SegmentationModel, options: ServerOptions, metrics: ServerMetrics, logger: Logger): SegmentationModel {
  if (!options.batching) return model;
  if (!hasDynamicBatch(model)) {
    logger.warn({ model: model.card.name }, 'dynamic batching skipped: the model has a fixed batch dimension');
    return model;
  }
  const name = model.card.name;
  return withBatching(model, options.batching.maxBatch, {
    maxQueueDelayUs: options.batching.maxQueueDelayUs,
    wholeImages: true,
    onBatch: (size) => metrics.batchSize.observe({ model: name }, size),
  });
}

function buildApp(context: ServerContext, logger: Logger): FastifyInstance {
  const { options, metrics, lifecycle } = context;
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // One line per request, written by the onResponse hook (with model and key id) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: (raw) => {
      const given = raw.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: options.maxBodyBytes,
    // Node's own limits as a backstop to the body deadline: headers and whole requests that never end.
    connectionTimeout: 0,
    requestTimeout: options.bodyTimeoutMs + options.timeoutMs + 5_000,
    return503OnClosing: true,
  });
  const keys = createKeyChecker(options.apiKeys);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (isOpenRoute(request.url)) return;
    lifecycle.checkAccepting();
    if (keys.enabled && !isPageFile(request.url)) {
      const presented = presentedKey(request.headers);
      request.keyId = keys.identify(presented);
      if (!request.keyId) throw unauthorized(presented);
    }
  });
  if (options.rateLimit) {
    void app.register(rateLimit, {
      max: options.rateLimit.max,
      timeWindow: options.rateLimit.windowMs,
      keyGenerator: (request) => request.keyId ?? request.ip,
      allowList: (request) => isOpenRoute(request.url),
      errorResponseBuilder: (_request, context) =>
        new SemsegError('RATE_LIMITED', `Expected at most ${context.max} requests per ${context.after} for this API key but received more; retry after ${context.after}`),
    });
  }
  if (options.corsOrigin) void app.register(cors, { origin: options.corsOrigin.includes('*') ? '*' : options.corsOrigin, methods: ['GET', 'POST'] });

  app.setErrorHandler((error, request, reply) => {
    const served = asServerError(error);
    if (served.code === 'INTERNAL') request.log.error({ err: error }, 'internal error');
    return sendError(request, reply, served);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, new SemsegError('NOT_FOUND', `Expected a route of this server (see docs/serving.md) but received ${request.method} ${request.url.split('?')[0]}`)),
  );
  app.addHook('onRequestAbort', async (request) => releaseSlot(request));
  app.addHook('onResponse', async (request, reply) => {
    releaseSlot(request);
    const route = routeOf(request);
    const model = request.modelName ?? '';
    metrics.requests.inc({ route, method: request.method, status: String(reply.statusCode), model });
    metrics.requestSeconds.observe({ route, model }, reply.elapsedTime / 1000);
    if (!OPEN_ROUTES.has(route) && route !== '/metrics') {
      request.log.info({ method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime), model: request.modelName, key: request.keyId }, 'request');
    }
  });

  void app.register(healthRoutes, context);
  void app.register(metricsRoutes, context);
  void app.register(modelRoutes, context);
  void app.register(segmentRoutes, context);
  void app.register(openInferenceRoutes, context);
  void app.register(monitorRoutes, context);
  void app.register(webRoutes, context);
  return app;
}
