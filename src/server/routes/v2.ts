/**
 * The Open Inference Protocol (KServe v2, as Triton speaks it): health, server and model metadata, readiness and
 * `POST /v2/models/{m}[/versions/{v}]/infer` with JSON tensors or the binary tensor data extension. The codec is in
 * server/v2/; this file only wires it to the shared pipeline. Errors answer `{"error": "<message>"}`.
 */
import { createRequire } from 'node:module';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SemsegError } from '../../core/errors.js';
import { predict } from '../../pipeline/predict.js';
import { encodePng } from '../../formats/encode.js';
import type { ServerContext } from '../context.js';
import { runModelRequest } from '../model-request.js';
import { acceptRawBodies } from '../raw-body.js';
import { requestSignal } from '../client-gone.js';
import { readiness } from './health.js';
import { parseInferRequest } from '../v2/parse-infer-request.js';
import { chooseOutputs } from '../v2/requested-outputs.js';
import { imageFromRequest } from '../v2/image-from-request.js';
import { buildInferResponse, checkJsonOutputs } from '../v2/build-infer-response.js';
import { availableOutputs, modelMetadata, modelReady, serverMetadata } from '../v2/model-metadata.js';
import { CONFIDENCE_OUTPUT } from '../v2/types.js';

const { version } = createRequire(import.meta.url)('../../../../package.json') as { version: string };

interface ModelParams {
  model: string;
  version?: string;
}

/** The model a v2 path names; a version in the path must be the one being served. */
function servedModel(context: ServerContext, params: ModelParams) {
  const served = context.models.require(params.model);
  if (params.version !== undefined && params.version !== served.model.card.version) {
    throw new SemsegError('MODEL_NOT_FOUND', `Expected version ${served.model.card.version} of model ${params.model} but received "${params.version}"`);
  }
  return served;
}

async function infer(context: ServerContext, request: FastifyRequest<{ Params: ModelParams }>, reply: FastifyReply) {
  servedModel(context, request.params);
  return runModelRequest(context, request, request.params.model, async (served, drain) => {
    const body = request.body instanceof Buffer ? request.body : Buffer.alloc(0);
    if (body.length === 0) throw new SemsegError('INVALID_ARGUMENT', 'Expected an inference request body but received 0 bytes');
    const parsed = parseInferRequest(body, { contentType: request.headers['content-type'], inferenceHeaderContentLength: request.headers['inference-header-content-length'] });
    const outputs = chooseOutputs(parsed, availableOutputs(served.model.card));
    const image = imageFromRequest(parsed, { maxPixels: context.options.maxPixels });
    if (image.kind === 'raster') checkJsonOutputs(outputs, image.image.width, image.image.height);
    const prediction = await predict(served.model, image.kind === 'raster' ? image.image : image.bytes, {
      outputs: [],
      confidence: outputs.some((o) => o.name === CONFIDENCE_OUTPUT),
      quality: context.quality.wants(served.name),
      maxPixels: context.options.maxPixels,
      timeoutMs: context.options.timeoutMs,
      signal: requestSignal(reply, drain),
    });
    context.metrics.inferenceSeconds.observe({ model: served.name }, prediction.timings.inferenceMs / 1000);
    const { map } = prediction;
    if (prediction.quality) {
      const sent = image.kind === 'raster' ? () => encodePng(image.image.data as Uint8Array, image.image.width, image.image.height, 3) : async () => image.bytes;
      context.quality.observe({ served, requestId: request.id, quality: prediction.quality, map, image: sent });
    }
    const response = buildInferResponse(
      { labels: map.labels, width: map.width, height: map.height, confidence: map.confidence },
      { modelName: served.name, modelVersion: served.model.card.version, id: parsed.id, outputs, batched: image.batched },
    );
    return reply.headers(response.headers).send(Buffer.from(response.body.buffer, response.body.byteOffset, response.body.byteLength));
  });
}

export async function openInferenceRoutes(app: FastifyInstance, context: ServerContext): Promise<void> {
  acceptRawBodies(app, { maxBytes: context.options.maxBodyBytes, timeoutMs: context.options.bodyTimeoutMs });
  app.get('/v2', async () => serverMetadata(version));
  app.get('/v2/health/live', async () => ({ live: true }));
  app.get('/v2/health/ready', async (_request, reply) => {
    const { ready } = readiness(context);
    return reply.code(ready ? 200 : 503).send({ ready });
  });
  for (const prefix of ['/v2/models/:model', '/v2/models/:model/versions/:version']) {
    app.get<{ Params: ModelParams }>(prefix, async (request) => {
      const served = servedModel(context, request.params);
      request.modelName = served.name;
      return modelMetadata(served.model.card);
    });
    app.get<{ Params: ModelParams }>(`${prefix}/ready`, async (request, reply) => {
      const served = servedModel(context, request.params);
      const ready = readiness(context).ready;
      return reply.code(ready ? 200 : 503).send(modelReady(served.name, ready));
    });
    app.post<{ Params: ModelParams }>(`${prefix}/infer`, { onRequest: context.admit }, (request, reply) => infer(context, request, reply));
  }
}
