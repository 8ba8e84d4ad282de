/** `semseg jobs retry-failed`, `semseg jobs clean`, `semseg jobs metrics`. */
import type { Command } from 'commander';
import { cleanQueue, queueMetricsText, retryFailed, type CleanTarget } from '../jobs/index.js';
import { parseChoiceOption } from './options.js';
import { addQueueFlags, withQueue, type QueueFlags } from './jobs-queue-flags.js';
import type { CommandContext } from './io.js';

const CLEAN_TARGETS: readonly CleanTarget[] = ['completed', 'failed', 'all'];

export function registerJobsAdmin(jobs: Command, { io }: CommandContext): void {
  addQueueFlags(jobs.command('retry-failed').description('queue every failed job again, from its first attempt')).action(async (flags: QueueFlags) => {
    const retried = await withQueue(flags, retryFailed);
    io.stdout.write(`queued ${retried} failed job(s) again\n`);
  });
  addQueueFlags(
    jobs
      .command('clean')
      .description('remove finished jobs (completed, failed) or the whole queue (all); removed jobs no longer deduplicate resubmits')
      .argument('[what]', CLEAN_TARGETS.join(' | '), parseChoiceOption('what', CLEAN_TARGETS), 'completed'),
  ).action(async (what: CleanTarget, flags: QueueFlags) => {
    const removed = await withQueue(flags, (queue) => cleanQueue(queue, what));
    io.stdout.write(`removed ${removed} job(s) (${what})\n`);
  });
  addQueueFlags(jobs.command('metrics').description('queue metrics in the Prometheus text format')).action(async (flags: QueueFlags) => {
    io.stdout.write(await withQueue(flags, queueMetricsText));
  });
}
