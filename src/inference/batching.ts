/**
 * Batches of more than one image per run, for models whose batch dimension is symbolic. `withBatching` wraps a
 * model's backend: runs requested at the same time with inputs of the same shape are stacked along the batch axis
 * (up to `maxBatch`) and run once, and the outputs are split back. While every worker is busy requests wait, so
 * batches fill up by themselves under load (sliding windows, folders of equal-sized images); a request that finds
 * a free worker and no company runs alone. Argmax requests (whole images whose scores are at the image's size, flip
 * TTA) go straight to the backend, one image per run: the argmax in the worker sends back 1/C of the bytes, which
 * is worth more than a larger batch on CPU.
 */
import type { RuntimeTensor } from '../core/types.js';
import { expected, SemsegError } from '../core/errors.js';
import type { SegmentationModel } from '../models/types.js';
import type { CallOptions, InferenceBackend } from '../runtime/types.js';

/** Dynamic batching as a server uses it (Triton's dynamic batcher semantics). */
export interface BatchingOptions {
  /**
   * Longest time a request waits for others to fill its batch while a worker is free (Triton's
   * max_queue_delay_microseconds). 0: run at once with whatever is waiting.
   */
  maxQueueDelayUs?: number;
  /** Also batch whole images: without the worker-side argmax, so scores of the whole batch travel back. */
  wholeImages?: boolean;
  /** Called with the size of every model run. */
  onBatch?: (size: number) => void;
}

interface Request {
  arrived: number;
  feeds: Record<string, RuntimeTensor>;
  outputNames?: string[];
  options: CallOptions;
  resolve: (outputs: Record<string, RuntimeTensor>) => void;
  reject: (error: Error) => void;
}

/** True when the first dimension of the model's input is symbolic (a string in the runtime metadata). */
export function hasDynamicBatch(model: SegmentationModel): boolean {
  const input = model.metadata.inputs.find((t) => t.name === model.card.input.name);
  return typeof input?.shape[0] === 'string';
}

/** The model with a batching backend; `maxBatch` 1 returns the model unchanged. */
export function withBatching(model: SegmentationModel, maxBatch: number, options: BatchingOptions = {}): SegmentationModel {
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw expected('a positive integer', 'batch', maxBatch);
  const delayUs = options.maxQueueDelayUs ?? 0;
  if (!Number.isInteger(delayUs) || delayUs < 0) throw expected('a non-negative integer', 'maxQueueDelayUs', options.maxQueueDelayUs);
  if (maxBatch === 1 && !options.onBatch) return model;
  if (!hasDynamicBatch(model)) {
    const shape = model.metadata.inputs.find((t) => t.name === model.card.input.name)?.shape ?? [];
    throw expected(`a model with a dynamic batch dimension for batch ${maxBatch}`, 'model', `${model.card.name} with input [${shape.join(', ')}]`);
  }
  return { ...model, backend: batchingBackend(model.backend, maxBatch, options) };
}

function shapeKey(request: Request): string | undefined {
  const entries = Object.entries(request.feeds);
  if (entries.length !== 1 || entries[0][1].dims[0] !== 1) return undefined;
  const [name, t] = entries[0];
  return `${name}|${t.type}|${t.dims.join('x')}|${request.outputNames?.join(',') ?? ''}`;
}

function batchingBackend(inner: InferenceBackend, maxBatch: number, options: BatchingOptions): InferenceBackend {
  const pending: Request[] = [];
  let running = 0;
  let scheduled = false;
  let delayTimer: NodeJS.Timeout | undefined;
  const delayMs = (options.maxQueueDelayUs ?? 0) / 1000;

  const takeGroup = (): Request[] => {
    const first = pending.shift()!;
    const key = shapeKey(first);
    const group = [first];
    if (key === undefined) return group;
    for (let i = 0; i < pending.length && group.length < maxBatch; ) {
      if (shapeKey(pending[i]) === key) group.push(...pending.splice(i, 1));
      else i++;
    }
    return group;
  };

  /** Whether the oldest request may still wait for company (a free worker would otherwise run a partial batch). */
  const worthWaiting = (): boolean => {
    if (delayMs === 0 || pending.length >= maxBatch) return false;
    const waited = performance.now() - pending[0].arrived;
    if (waited >= delayMs) return false;
    delayTimer ??= setTimeout(() => {
      delayTimer = undefined;
      dispatch();
    }, delayMs - waited);
    return true;
  };

  const dispatch = (): void => {
    scheduled = false;
    while (running < inner.workers && pending.length > 0 && !worthWaiting()) {
      const group = takeGroup();
      running++;
      options.onBatch?.(group.length);
      void runGroup(inner, group).finally(() => {
        running--;
        dispatch();
      });
    }
  };

  return {
    metadata: inner.metadata,
    // as many images as can run at once: a full batch on every worker
    workers: inner.workers * maxBatch,
    run(feeds, outputNames, options = {}) {
      return new Promise((resolve, reject) => {
        const { signal } = options;
        if (signal?.aborted) return reject(cancelled());
        // An aborted caller rejects at once: a waiting request leaves the queue, a stacked one's part is dropped.
        const onAbort = () => {
          const at = pending.indexOf(request);
          if (at !== -1) pending.splice(at, 1);
          reject(cancelled());
        };
        const done = () => signal?.removeEventListener('abort', onAbort);
        const request: Request = { arrived: performance.now(), feeds, outputNames, options, resolve: (v) => (done(), resolve(v)), reject: (e) => (done(), reject(e)) };
        signal?.addEventListener('abort', onAbort, { once: true });
        pending.push(request);
        // Requests made in the same turn (a row of windows) are grouped before anything is dispatched.
        if (!scheduled) {
          scheduled = true;
          queueMicrotask(dispatch);
        }
      });
    },
    runArgmax: options.wholeImages ? undefined : inner.runArgmax && ((feeds, request, callOptions) => inner.runArgmax!(feeds, request, callOptions)),
    dispose: () => inner.dispose(),
  };
}

const cancelled = () => new SemsegError('CANCELLED', 'Expected the batched run to finish but its signal was aborted');

/** A stacked run of several requests gets the earliest deadline; each caller's signal rejects its own request only. */
function earliestDeadline(group: Request[]): number | undefined {
  const timeouts = group.map((r) => r.options.timeoutMs).filter((t): t is number => t !== undefined);
  return timeouts.length ? Math.min(...timeouts) : undefined;
}

async function runGroup(inner: InferenceBackend, group: Request[]): Promise<void> {
  try {
    if (group.length === 1) {
      group[0].resolve(await inner.run(group[0].feeds, group[0].outputNames, group[0].options));
      return;
    }
    const [name, first] = Object.entries(group[0].feeds)[0];
    const size = first.data.length;
    const Type = first.data.constructor as new (length: number) => RuntimeTensor['data'];
    const stacked = new Type(size * group.length);
    group.forEach((r, i) => (stacked as Float32Array).set(r.feeds[name].data as Float32Array, i * size));
    const dims = [group.length, ...first.dims.slice(1)];
    const outputs = await inner.run({ [name]: { type: first.type, data: stacked, dims } as RuntimeTensor }, group[0].outputNames, { timeoutMs: earliestDeadline(group) });
    const parts = group.map(() => ({}) as Record<string, RuntimeTensor>);
    for (const [key, t] of Object.entries(outputs)) {
      if (t.dims[0] !== group.length) {
        throw new SemsegError('INFERENCE_FAILED', `Expected output ${key} to have a batch dimension of ${group.length} but received [${t.dims.join(', ')}]`);
      }
      const step = t.data.length / group.length;
      group.forEach((_, i) => (parts[i][key] = { type: t.type, data: t.data.subarray(i * step, (i + 1) * step), dims: [1, ...t.dims.slice(1)] } as RuntimeTensor));
    }
    group.forEach((r, i) => r.resolve(parts[i]));
  } catch (error) {
    for (const r of group) r.reject(error as Error);
  }
}
