/**
 * A pool of worker threads running one script. Jobs are queued and handed to idle workers; buffers listed as
 * transferable move without copying. A job that throws fails alone; a worker that dies fails its job and is
 * replaced, so the pool stays usable.
 */
import { Worker, type TransferListItem } from 'node:worker_threads';
import { SemsegError } from '../core/errors.js';

export interface WorkerPoolOptions {
  size: number;
  /** Sent to each worker as `workerData`. */
  workerData?: unknown;
  /** Receives the buffers a worker hands back with a reply (`returned`), e.g. inputs to reuse. */
  onReturned?: (buffers: ArrayBuffer[]) => void;
}

interface Job {
  message: unknown;
  transfer: TransferListItem[];
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  job?: Job;
  started: boolean;
  ready: Promise<void>;
}

/**
 * Messages from the worker: `{ ok: true, result, returned? }`, `{ ok: false, error: { message, code }, returned? }`
 * or `{ ready: true }`.
 */
type Reply =
  | { ready: true; info?: unknown }
  | { ok: true; result: unknown; returned?: ArrayBuffer[] }
  | { ok: false; error: { message: string; code?: string }; returned?: ArrayBuffer[] };

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private closed = false;
  /** Set when a worker failed before it was ready: the pool cannot work (bad model, bad script). */
  private startError?: SemsegError;
  /** Whatever the first worker reported with its ready message (e.g. model metadata). */
  info: unknown;
  readonly replaced = { count: 0 };

  constructor(
    private readonly script: URL,
    private readonly options: WorkerPoolOptions,
  ) {
    if (!Number.isInteger(options.size) || options.size < 1) {
      throw new SemsegError('INVALID_ARGUMENT', `Expected a positive integer for workers but received ${options.size}`);
    }
    for (let i = 0; i < options.size; i++) this.slots.push(this.spawn());
  }

  get size(): number {
    return this.slots.length;
  }

  /** Resolves when every worker has started (and reported ready); rejects with the first start-up error. */
  async ready(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.ready));
  }

  run<T>(message: unknown, transfer: TransferListItem[] = []): Promise<T> {
    if (this.closed) return Promise.reject(new SemsegError('POOL_CLOSED', 'Expected an open worker pool but received a closed one'));
    if (this.startError) return Promise.reject(this.startError);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ message, transfer, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new SemsegError('POOL_CLOSED', 'Expected an open worker pool but it was closed before the job ran'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = new Worker(this.script, { workerData: this.options.workerData });
    let markReady!: () => void;
    let failReady!: (e: Error) => void;
    const slot: Slot = {
      worker,
      started: false,
      ready: new Promise<void>((resolve, reject) => {
        markReady = resolve;
        failReady = reject;
      }),
    };
    // Avoid unhandled rejections when nobody awaits ready().
    slot.ready.catch(() => undefined);
    worker.on('message', (reply: Reply) => {
      if ('ready' in reply) {
        slot.started = true;
        if (this.info === undefined) this.info = reply.info;
        markReady();
        this.dispatch();
        return;
      }
      if (reply.returned?.length) this.options.onReturned?.(reply.returned);
      const job = slot.job;
      slot.job = undefined;
      if (job) {
        if (reply.ok) job.resolve(reply.result);
        else job.reject(new SemsegError((reply.error.code as never) ?? 'INFERENCE_FAILED', reply.error.message));
      }
      this.dispatch();
    });
    worker.on('error', (error) => this.fail(slot, error, failReady));
    worker.on('exit', (code) => this.fail(slot, new Error(`worker exited with code ${code}`), failReady));
    return slot;
  }

  /** A worker died: fail its job, replace it (unless closing or it never started), keep the queue moving. */
  private fail(slot: Slot, error: Error, failReady: (e: Error) => void): void {
    const index = this.slots.indexOf(slot);
    if (index === -1 || this.closed) return;
    if (!slot.started) {
      const code = error instanceof SemsegError ? error.code : 'WORKER_CRASHED';
      this.startError ??= new SemsegError(code, error.message, { cause: error });
      failReady(this.startError);
      for (const job of this.queue.splice(0)) job.reject(this.startError);
      return;
    }
    const job = slot.job;
    slot.job = undefined;
    job?.reject(new SemsegError('WORKER_CRASHED', `Expected the inference worker to finish the job but it died: ${error.message}`, { cause: error }));
    this.slots[index] = this.spawn();
    this.replaced.count++;
    void slot.worker.terminate();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.job) continue;
      // Only hand work to workers that said they are ready; the ready message re-runs dispatch.
      if (!slot.started) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.postMessage(job.message, job.transfer);
    }
  }
}
