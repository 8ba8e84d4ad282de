/**
 * An AbortSignal that fires when the client goes away before its answer was sent (the response's connection
 * closed first) or when the server's drain deadline cancels the work: the job then leaves the queue.
 */
import type { FastifyReply } from 'fastify';
import { SemsegError } from '../core/errors.js';

export function requestSignal(reply: FastifyReply, drain: AbortSignal): AbortSignal {
  const controller = new AbortController();
  const onClose = () => {
    if (!reply.raw.writableEnded) controller.abort(new SemsegError('CANCELLED', 'Expected the client to wait for its answer but it closed the connection'));
  };
  reply.raw.once('close', onClose);
  return AbortSignal.any([controller.signal, drain]);
}
