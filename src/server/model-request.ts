/**
 * The frame of every request that runs a model: admission (a slot or 429 before the body is read), the model's
 * current version leased for the request's whole life (a reload never pulls it away mid-request) and registration
 * with the lifecycle so that shutdown drains it.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from './context.js';
import type { ServedModel } from './model-store.js';
import type { Admission } from './admission.js';

const slots = new WeakMap<FastifyRequest, () => void>();

/** onRequest hook of the model routes. */
export function admissionHook(admission: Admission) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const release = admission.enter();
    slots.set(request, release);
    reply.raw.once('close', release);
  };
}

/** onResponse / onRequestAbort: frees the slot (idempotent). */
export function releaseSlot(request: FastifyRequest): void {
  slots.get(request)?.();
}

export async function runModelRequest<T>(
  context: ServerContext,
  request: FastifyRequest,
  name: string | undefined,
  work: (served: ServedModel, drain: AbortSignal) => Promise<T>,
): Promise<T> {
  const lease = context.models.acquire(name ?? context.models.names[0]);
  const unit = context.lifecycle.begin();
  request.modelName = lease.served.name;
  try {
    return await work(lease.served, unit.signal);
  } finally {
    lease.release();
    unit.done();
  }
}
