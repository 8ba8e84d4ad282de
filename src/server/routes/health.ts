/** Liveness (`/healthz`: the process answers) and readiness (`/readyz`: models loaded, pool up, not draining). */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';

export const OPEN_ROUTES = new Set(['/healthz', '/readyz', '/v2/health/live', '/v2/health/ready']);

/** Probes: no API key, no rate limit, no drain refusal. */
export function isOpenRoute(url: string): boolean {
  return OPEN_ROUTES.has(url.split('?')[0]);
}

export function readiness(context: ServerContext): { ready: boolean; status: string; models: string[] } {
  const models = context.models.names;
  const status = context.lifecycle.status;
  return { ready: context.lifecycle.ready && models.length > 0 && context.pool.workers > 0, status, models };
}

export async function healthRoutes(app: FastifyInstance, context: ServerContext): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const { ready, status, models } = readiness(context);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : status, models });
  });
}
