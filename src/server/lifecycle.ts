/**
 * Serving state for load balancers and shutdown: ready once the models are loaded; draining after SIGTERM (readyz
 * fails at once, new work gets 503) while the requests in flight finish; cancelled when the drain deadline passes.
 */
import { SemsegError } from '../core/errors.js';

export class Lifecycle {
  private state: 'starting' | 'ready' | 'draining' | 'closed' = 'starting';
  private readonly work = new Set<AbortController>();
  private idle?: () => void;

  get status(): 'starting' | 'ready' | 'draining' | 'closed' {
    return this.state;
  }

  get ready(): boolean {
    return this.state === 'ready';
  }

  get inFlight(): number {
    return this.work.size;
  }

  markReady(): void {
    if (this.state === 'starting') this.state = 'ready';
  }

  /** Refuses new work while draining or closed. */
  checkAccepting(): void {
    if (this.state === 'draining' || this.state === 'closed') {
      throw new SemsegError('UNAVAILABLE', 'Expected a server that accepts work but this one is shutting down; send the request to another instance');
    }
  }

  /** A unit of work that drain waits for and its deadline cancels; done() when it has answered. */
  begin(): { signal: AbortSignal; done: () => void } {
    const controller = new AbortController();
    this.work.add(controller);
    return {
      signal: controller.signal,
      done: () => {
        this.work.delete(controller);
        if (this.work.size === 0) this.idle?.();
      },
    };
  }

  /** Stops accepting, waits for the work in flight up to `deadlineMs`, then cancels what is left. */
  async drain(deadlineMs: number): Promise<{ finished: boolean; cancelled: number }> {
    if (this.state !== 'closed') this.state = 'draining';
    if (this.work.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.idle = resolve;
        timer = setTimeout(resolve, deadlineMs);
      });
      clearTimeout(timer);
      this.idle = undefined;
    }
    const cancelled = this.work.size;
    for (const controller of this.work) controller.abort(new SemsegError('CANCELLED', `Expected the request to finish within the drain deadline of ${deadlineMs} ms but it was still running at shutdown`));
    return { finished: cancelled === 0, cancelled };
  }

  markClosed(): void {
    this.state = 'closed';
  }
}
