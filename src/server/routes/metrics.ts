/** `GET /metrics`: the Prometheus text format of the server's own registry. */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';

export async function metricsRoutes(app: FastifyInstance, context: ServerContext): Promise<void> {
  const { registry } = context.metrics;
  app.get('/metrics', async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));
}
