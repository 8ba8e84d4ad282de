/**
 * `POST /v1/segment?model=&outputs=`: one image (raw body or multipart) through the shared pipeline. Admission is
 * decided before the body is read; the body is bounded in size and time; the prediction in time and by the client
 * staying connected.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { predict, type Prediction } from '../../pipeline/predict.js';
import { OUTPUT_FORMATS } from '../../pipeline/outputs.js';
import { labelMapToRle } from '../../formats/coco-rle.js';
import type { ServerContext } from '../context.js';
import type { ServedModel } from '../model-store.js';
import { planResponse, type ResponsePlan } from '../negotiate.js';
import { imageBytes } from '../image-body.js';
import { acceptRawBodies } from '../raw-body.js';
import { requestSignal } from '../client-gone.js';
import { runModelRequest } from '../model-request.js';

interface SegmentQuery {
  model?: string;
  outputs?: string;
}

const querystring = {
  type: 'object',
  properties: { model: { type: 'string', minLength: 1, maxLength: 200 }, outputs: { type: 'string', maxLength: 200 } },
  additionalProperties: false,
} as const;

function jsonBody(request: FastifyRequest, served: ServedModel, prediction: Prediction, plan: Extract<ResponsePlan, { kind: 'json' }>) {
  const { json, timings } = prediction;
  const images = Object.fromEntries(
    prediction.outputs.filter((o) => o.name !== 'json').map((o) => [o.name, { mime: o.mime, base64: Buffer.from(o.bytes.buffer, o.bytes.byteOffset, o.bytes.byteLength).toString('base64') }]),
  );
  return {
    requestId: request.id,
    model: { ...json.model, generation: served.generation },
    image: { width: json.width, height: json.height },
    classes: json.classes,
    inference: json.inference,
    timings,
    ...(plan.images.length ? { outputs: images } : {}),
    ...(plan.rle ? { masks: labelMapToRle(prediction.map).map((m) => ({ ...m, name: served.model.card.classes.find((c) => c.id === m.classId)?.name })) } : {}),
    ...(json.meta ? { meta: json.meta } : {}),
  };
}

async function segment(context: ServerContext, request: FastifyRequest<{ Querystring: SegmentQuery }>, reply: FastifyReply) {
  const plan = planResponse(request.query.outputs, request.headers.accept);
  const { options } = context;
  return runModelRequest(context, request, request.query.model, async (served, drain) => {
    const bytes = await imageBytes(request, { maxBytes: options.maxBodyBytes, timeoutMs: options.bodyTimeoutMs });
    const watched = context.quality.wants(served.name);
    const prediction = await predict(served.model, bytes, {
      outputs: plan.kind === 'image' ? [plan.output] : plan.images,
      confidence: true,
      quality: watched,
      maxPixels: options.maxPixels,
      timeoutMs: options.timeoutMs,
      signal: requestSignal(reply, drain),
    });
    context.metrics.inferenceSeconds.observe({ model: served.name }, prediction.timings.inferenceMs / 1000);
    if (prediction.quality) context.quality.observe({ served, requestId: request.id, quality: prediction.quality, map: prediction.map, image: async () => bytes });
    if (plan.kind === 'image') {
      const output = prediction.outputs[0];
      return reply.type(OUTPUT_FORMATS[plan.output].mime).header('x-request-id', request.id).send(Buffer.from(output.bytes.buffer, output.bytes.byteOffset, output.bytes.byteLength));
    }
    return reply.send(jsonBody(request, served, prediction, plan));
  });
}

export async function segmentRoutes(app: FastifyInstance, context: ServerContext): Promise<void> {
  const limits = { maxBytes: context.options.maxBodyBytes, timeoutMs: context.options.bodyTimeoutMs };
  acceptRawBodies(app, limits);
  await app.register(multipart, { limits: { fileSize: limits.maxBytes, files: 1, fields: 16, parts: 32, fieldSize: 4096, headerPairs: 200 } });
  app.post<{ Querystring: SegmentQuery }>('/v1/segment', { schema: { querystring }, onRequest: context.admit }, (request, reply) => segment(context, request, reply));
}
