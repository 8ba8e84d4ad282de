/** Queue upkeep: failed jobs back to the queue, finished jobs removed, the whole queue removed. */
import type { Queue } from 'bullmq';

/** Every failed job is tried again from its first attempt; returns how many. */
export async function retryFailed(queue: Queue): Promise<number> {
  let retried = 0;
  for (;;) {
    const jobs = await queue.getFailed(0, 499);
    if (jobs.length === 0) return retried;
    for (const job of jobs) {
      if (!job) continue;
      await job.retry('failed');
      retried++;
    }
  }
}

export type CleanTarget = 'completed' | 'failed' | 'all';

/**
 * Removes finished jobs (completed and/or failed), or with `all` every job of the queue. A removed job no longer
 * deduplicates: submitting its input again runs it again.
 */
export async function cleanQueue(queue: Queue, what: CleanTarget): Promise<number> {
  if (what === 'all') {
    const counts = await queue.getJobCounts();
    await queue.obliterate({ force: true });
    return Object.values(counts).reduce((a, b) => a + b, 0);
  }
  let removed = 0;
  for (;;) {
    const ids = await queue.clean(0, 1000, what);
    removed += ids.length;
    if (ids.length === 0) return removed;
  }
}
