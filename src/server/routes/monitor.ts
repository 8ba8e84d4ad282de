/** `GET /v1/monitor`: the drift report of every model that has a reference profile (null: window still empty). */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';

export async function monitorRoutes(app: FastifyInstance, context: ServerContext): Promise<void> {
  app.get('/v1/monitor', async () => ({ models: context.quality.reports() }));
}
