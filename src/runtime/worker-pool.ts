/**
 * A pool of worker threads running one script, safe to share between concurrent callers. Jobs wait in a bounded
 * queue (full: `BUSY` at once) and go to idle workers; buffers listed as transferable move without copying. Each
 * job may carry an AbortSignal (`CANCELLED`: a queued job leaves the queue, a running job's result is dropped and
 * the worker is reused) and a timeout (`TIMEOUT`: a worker still running the job is terminated and replaced). A job
 * that throws fails alone; a worker that dies fails its job and is replaced. Idle workers do not keep the process
 * alive. close() settles every job.
 */
import { Worker, type TransferListItem } from 'node:worker_threads';
import { expected, SemsegError, type ErrorCode } from '../core/errors.js';
import { checkTimeoutMs } from '../core/check-timeout.js';
import { DurationRing } from './run-stats.js';
import type { CallOptions, PoolStats } from './types.js';

export interface WorkerPoolOptions {
  size: number;
  /** Sent to each worker as `workerData`. */
  workerData?: unknown;
  /** Receives the buffers a worker hands back with a reply (`returned`), e.g. inputs to reuse. */
  onReturned?: (buffers: ArrayBuffer[]) => void;
  /** Unpinned jobs that may wait for a worker; one more rejects with `BUSY`. Default: unbounded. */
  maxQueue?: number;
  /** A fresh worker took the place `index` of a dead or hung one (before it takes any job), e.g. to pin set-up jobs. */
  onReplaced?: (index: number) => void;
  /**
   * Whether a worker may be terminated in the middle of a job (default true). False for native code that aborts
   * the process when it returns into a terminated thread (onnxruntime-node's session.run): such a worker is retired
   * instead, taken out of the pool at once and terminated when its run returns.
   */
  interruptible?: boolean;
  /**
   * How a worker is stopped (close, retire, replace): `message` is posted and the worker releases what it holds and
   * closes its port, so native code (onnxruntime sessions) is torn down on its own thread; a worker still alive
   * after `deadlineMs` (default 5000) is terminated. Without it workers are terminated at once.
   */
  shutdown?: { message: unknown; deadlineMs?: number };
}

export interface JobOptions extends CallOptions {
  transfer?: TransferListItem[];
  /** Run on the worker at this index only (set-up jobs such as loading a model); not counted against maxQueue. */
  pin?: number;
}

interface Job {
  message: unknown;
  transfer: TransferListItem[];
  pin?: number;
  settled: boolean;
  running: boolean;
  started: number;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  cleanup: () => void;
}

interface Slot {
  worker: Worker;
  job?: Job;
  started: boolean;
  /** Out of the pool, terminated once its running job returns. */
  retiring?: boolean;
  /** Set once the worker is being stopped; settles when its thread is gone. */
  stopping?: Promise<void>;
  ready: Promise<void>;
}

/** Messages from the worker: `{ ok: true, result, returned? }`, `{ ok: false, error, returned? }` or `{ ready: true }`. */
type Reply =
  | { ready: true }
  | { ok: true; result: unknown; returned?: ArrayBuffer[] }
  | { ok: false; error: { message: string; code?: string }; returned?: ArrayBuffer[] };

const closedError = () => new SemsegError('POOL_CLOSED', 'Expected an open worker pool but it was closed before the job finished');

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  /** Unpinned jobs in the queue (the ones maxQueue bounds). */
  private waiting = 0;
  private state: 'open' | 'draining' | 'closed' = 'open';
  private onIdle?: () => void;
  /** Set when a worker failed before it was ready: the pool cannot work (bad script). */
  private startError?: SemsegError;
  private readonly maxQueue: number;
  private readonly durations = new DurationRing();
  private readonly counts = { completed: 0, failed: 0, cancelled: 0, timedOut: 0, restarts: 0 };

  constructor(
    private readonly script: URL,
    private readonly options: WorkerPoolOptions,
  ) {
    if (!Number.isInteger(options.size) || options.size < 1) throw expected('a positive integer', 'workers', options.size);
    const { maxQueue = Infinity } = options;
    if (!(maxQueue === Infinity || (Number.isInteger(maxQueue) && maxQueue >= 0))) throw expected('a non-negative integer', 'maxQueue', maxQueue);
    this.maxQueue = maxQueue;
    for (let i = 0; i < options.size; i++) this.slots.push(this.spawn());
  }

  get size(): number {
    return this.slots.length;
  }

  /** Resolves when every worker has started (and reported ready); rejects with the first start-up error. */
  async ready(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.ready));
  }

  run<T>(message: unknown, options: JobOptions = {}): Promise<T> {
    const { signal, timeoutMs, pin } = options;
    if (this.state !== 'open') return Promise.reject(closedError());
    if (this.startError) return Promise.reject(this.startError);
    try {
      checkTimeoutMs(timeoutMs);
    } catch (error) {
      return Promise.reject(error);
    }
    if (signal?.aborted) {
      this.counts.cancelled++;
      return Promise.reject(new SemsegError('CANCELLED', 'Expected the inference job to run but its signal was aborted before it was sent'));
    }
    if (pin === undefined && this.waiting >= this.maxQueue) {
      return Promise.reject(new SemsegError('BUSY', `Expected room in the inference queue (at most ${this.maxQueue} waiting jobs) but received a job while ${this.waiting} were waiting`));
    }
    return new Promise<T>((resolve, reject) => {
      const job: Job = { message, transfer: options.transfer ?? [], pin, settled: false, running: false, started: 0, resolve: resolve as (v: unknown) => void, reject, cleanup: () => undefined };
      const onAbort = () => this.drop(job, 'CANCELLED', 'Expected the inference job to finish but its signal was aborted');
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => this.drop(job, 'TIMEOUT', `Expected the inference job to finish within ${timeoutMs} ms but it did not`), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      job.cleanup = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      this.queue.push(job);
      if (pin === undefined) this.waiting++;
      this.dispatch();
    });
  }

  stats(): PoolStats {
    return {
      workers: this.slots.length,
      busyWorkers: this.slots.filter((s) => s.job).length,
      queueDepth: this.queue.length,
      ...this.counts,
      runs: this.durations.summary(),
    };
  }

  /**
   * Stops the workers. `drain`: no new jobs, queued and running ones finish first; otherwise queued and running
   * jobs reject with `POOL_CLOSED` at once. Either way every job has settled when this resolves.
   */
  async close(options: { drain?: boolean } = {}): Promise<void> {
    if (this.state === 'closed') return;
    if (options.drain && this.state === 'open') {
      this.state = 'draining';
      await new Promise<void>((resolve) => {
        this.onIdle = resolve;
        this.checkIdle();
      });
    }
    this.state = 'closed';
    for (const job of this.queue.splice(0)) this.settle(job, closedError());
    this.waiting = 0;
    const idle: Promise<unknown>[] = [];
    for (const slot of this.slots) {
      if (slot.job) this.settle(slot.job, closedError());
      if (slot.job && this.options.interruptible === false) this.retire(slot);
      else idle.push(this.stop(slot, slot.job !== undefined));
    }
    await Promise.all(idle);
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
        markReady();
      }
      // A worker being stopped stays referenced until it is gone (a late 'ready' must not unref it).
      if (slot.stopping) return;
      if (slot.retiring) {
        if ('returned' in reply && reply.returned?.length) this.options.onReturned?.(reply.returned);
        void this.stop(slot);
        return;
      }
      if (!('ready' in reply)) {
        if (reply.returned?.length) this.options.onReturned?.(reply.returned);
        this.finish(slot, reply);
      }
      // A worker without a job must not keep the process alive (a script that forgets dispose() still exits).
      if (!slot.job) worker.unref();
      this.dispatch();
      this.checkIdle();
    });
    worker.on('error', (error) => this.fail(slot, error, failReady));
    worker.on('exit', (code) => this.fail(slot, new Error(`worker exited with code ${code}`), failReady));
    return slot;
  }

  private finish(slot: Slot, reply: Exclude<Reply, { ready: true }>): void {
    const job = slot.job;
    slot.job = undefined;
    if (!job) return;
    this.durations.add(performance.now() - job.started);
    if (reply.ok) this.settle(job, undefined, reply.result);
    else this.settle(job, new SemsegError((reply.error.code as ErrorCode | undefined) ?? 'INFERENCE_FAILED', reply.error.message));
  }

  /** Settles a job once (later answers for it are dropped) and counts how it ended. */
  private settle(job: Job, error: Error | undefined, value?: unknown): void {
    if (job.settled) return;
    job.settled = true;
    job.cleanup();
    const code = (error as SemsegError | undefined)?.code;
    if (!error) this.counts.completed++;
    else if (code === 'CANCELLED') this.counts.cancelled++;
    else if (code === 'TIMEOUT') this.counts.timedOut++;
    else this.counts.failed++;
    if (error) job.reject(error);
    else job.resolve(value);
  }

  /** Cancel or timeout: a queued job leaves the queue; a running one settles now and its answer is dropped. */
  private drop(job: Job, code: 'CANCELLED' | 'TIMEOUT', message: string): void {
    if (job.settled) return;
    if (!job.running) {
      this.queue.splice(this.queue.indexOf(job), 1);
      if (job.pin === undefined) this.waiting--;
    }
    this.settle(job, new SemsegError(code, message));
    // A cancelled run finishes and the worker is reused; a timed-out one may hang, so its worker is replaced.
    const index = this.slots.findIndex((s) => s.job === job);
    if (code === 'TIMEOUT' && index !== -1 && this.state !== 'closed') this.replace(index);
    this.checkIdle();
  }

  /** A worker died: fail its job, replace it (unless closed or it never started), keep the queue moving. */
  private fail(slot: Slot, error: Error, failReady: (e: Error) => void): void {
    const index = this.slots.indexOf(slot);
    if (index === -1 || this.state === 'closed') return;
    if (!slot.started) {
      const code = error instanceof SemsegError ? error.code : 'WORKER_CRASHED';
      this.startError ??= new SemsegError(code, error.message, { cause: error });
      failReady(this.startError);
      for (const job of this.queue.splice(0)) this.settle(job, this.startError);
      this.waiting = 0;
      this.checkIdle();
      return;
    }
    if (slot.job) this.settle(slot.job, new SemsegError('WORKER_CRASHED', `Expected the inference worker to finish the job but it died: ${error.message}`, { cause: error }));
    this.replace(index);
    this.dispatch();
    this.checkIdle();
  }

  private replace(index: number): void {
    const old = this.slots[index];
    this.slots[index] = this.spawn();
    this.counts.restarts++;
    this.options.onReplaced?.(index);
    this.retire(old);
  }

  /** Terminates a worker now, or (not interruptible, mid-job) when its job returns; it stays referenced until then. */
  private retire(slot: Slot): void {
    const busy = slot.job !== undefined;
    slot.job = undefined;
    if (busy && this.options.interruptible === false) slot.retiring = true;
    else void this.stop(slot, busy);
  }

  /**
   * Ends a worker's thread: with the `shutdown` option it is asked to finish by itself first (see there); a busy
   * worker (a hung job) is terminated at once. Referenced until gone, so a script awaiting close() (top-level await)
   * does not exit early with code 13.
   */
  private stop(slot: Slot, busy = false): Promise<void> {
    slot.stopping ??= this.endThread(slot, busy);
    return slot.stopping;
  }

  private async endThread(slot: Slot, busy: boolean): Promise<void> {
    const { worker } = slot;
    worker.ref();
    const shutdown = this.options.shutdown;
    if (!shutdown || busy) {
      await worker.terminate();
      return;
    }
    let exited = false;
    const exit = new Promise<void>((resolve) => worker.once('exit', () => ((exited = true), resolve())));
    // terminate() also settles for a thread whose 'exit' event is already past.
    const deadline = new Promise<void>((resolve) => {
      const timer = setTimeout(() => void worker.terminate().then(() => resolve()), shutdown.deadlineMs ?? 5000);
      void exit.then(() => clearTimeout(timer));
    });
    // A thread still starting may be loading a native addon: terminating it then can abort the process.
    if (!slot.started) await Promise.race([slot.ready.catch(() => undefined), exit, deadline]);
    if (exited) return;
    try {
      worker.postMessage(shutdown.message);
    } catch {
      void worker.terminate();
    }
    await Promise.race([exit, deadline]);
  }

  /** The first queued job for the worker at `index`: one pinned to it, else the oldest unpinned one. */
  private pick(index: number): number {
    let unpinned = -1;
    for (let k = 0; k < this.queue.length; k++) {
      const pin = this.queue[k].pin;
      if (pin === index) return k;
      if (pin === undefined && unpinned === -1) unpinned = k;
    }
    return unpinned;
  }

  private dispatch(): void {
    for (let index = 0; index < this.slots.length && this.queue.length > 0; index++) {
      const slot = this.slots[index];
      // Only hand work to workers that said they are ready; the ready message re-runs dispatch.
      if (slot.job || !slot.started) continue;
      const at = this.pick(index);
      if (at === -1) continue;
      const [job] = this.queue.splice(at, 1);
      if (job.pin === undefined) this.waiting--;
      job.running = true;
      job.started = performance.now();
      slot.job = job;
      slot.worker.ref();
      try {
        // Node silently drops a message whose transfer list holds a detached buffer (a job would never settle);
        // without it in the list, posting a view on it throws instead, and the job fails.
        slot.worker.postMessage(job.message, job.transfer.filter((t) => !(t instanceof ArrayBuffer) || t.byteLength > 0));
      } catch (error) {
        slot.job = undefined;
        slot.worker.unref();
        this.settle(job, new SemsegError('INFERENCE_FAILED', `Expected a job the worker can receive but received one that failed to send: ${(error as Error).message}`));
      }
    }
  }

  private checkIdle(): void {
    if (this.onIdle && this.queue.length === 0 && this.slots.every((s) => !s.job)) this.onIdle();
  }
}
