/** What every route plugin of a server is given: its options, models, pool, metrics and state. */
import type { ServerOptions } from './options.js';
import type { ModelStore } from './model-store.js';
import type { InferencePool } from '../runtime/types.js';
import type { ServerMetrics } from './metrics.js';
import type { Admission } from './admission.js';
import type { Lifecycle } from './lifecycle.js';
import type { onRequestHookHandler } from 'fastify';
import type { QualityWatch } from './quality-watch.js';

export interface ServerContext {
  readonly options: ServerOptions;
  readonly models: ModelStore;
  readonly pool: InferencePool;
  readonly metrics: ServerMetrics;
  readonly admission: Admission;
  readonly lifecycle: Lifecycle;
  readonly quality: QualityWatch;
  /** onRequest hook of the routes that run a model: takes an admission slot or refuses with 429. */
  readonly admit: onRequestHookHandler;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Which API key the request presented ("key-1", ...), never the key. */
    keyId?: string;
    /** The model a request ran, for metrics and logs. */
    modelName?: string;
  }
}
