/** `GET /v1/models`, `GET /v1/models/:name` (the card), `POST /v1/models/:name/reload`. */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import type { ServedModel } from '../model-store.js';

function summary(served: ServedModel) {
  const { card } = served.model;
  return {
    name: served.name,
    version: card.version,
    generation: served.generation,
    loadedAt: served.loadedAt.toISOString(),
    classes: card.classes.length,
    task: 'semantic-segmentation',
  };
}

const nameParams = { type: 'object', properties: { name: { type: 'string', minLength: 1, maxLength: 200 } }, required: ['name'] } as const;

export async function modelRoutes(app: FastifyInstance, context: ServerContext): Promise<void> {
  app.get('/v1/models', async () => ({ models: context.models.list().map(summary) }));

  app.get<{ Params: { name: string } }>('/v1/models/:name', { schema: { params: nameParams } }, async (request) => {
    const lease = context.models.acquire(request.params.name);
    try {
      request.modelName = lease.served.name;
      return { ...summary(lease.served), card: lease.served.model.card };
    } finally {
      lease.release();
    }
  });

  app.post<{ Params: { name: string } }>('/v1/models/:name/reload', { schema: { params: nameParams } }, async (request) => {
    const { name } = request.params;
    request.modelName = context.models.get(name) ? name : undefined;
    try {
      const served = await context.models.reload(name);
      context.quality.reloaded(served);
      context.metrics.reloads.inc({ model: name, result: 'loaded' });
      request.log.info({ model: name, generation: served.generation }, 'model reloaded');
      return { reloaded: true, ...summary(served) };
    } catch (error) {
      if (request.modelName) context.metrics.reloads.inc({ model: name, result: 'failed' });
      throw error;
    }
  });
}
