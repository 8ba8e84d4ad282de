/**
 * Admission control for the routes that run models: at most `capacity` requests (running plus waiting) hold a
 * slot; one more is refused with BUSY (429) before its body is read, so memory stays bounded whatever the load.
 */
import { SemsegError } from '../core/errors.js';

export class Admission {
  private active = 0;

  constructor(readonly capacity: number) {}

  get inFlight(): number {
    return this.active;
  }

  /** A slot, or BUSY; release() exactly once when the request is done. */
  enter(): () => void {
    if (this.active >= this.capacity) {
      throw new SemsegError('BUSY', `Expected at most ${this.capacity} requests in flight (workers + --max-queue) but the server is full; retry later`);
    }
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
    };
  }
}
