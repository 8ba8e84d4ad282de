/** `--queue redis://host:port/db` and `--queue-name`, shared by every `semseg jobs` command. */
import type { Command } from 'commander';
import { Queue } from 'bullmq';
import { DEFAULT_QUEUE_NAME, queueTarget, type QueueTarget } from '../jobs/index.js';

export interface QueueFlags {
  queue: string;
  queueName: string;
}

export function addQueueFlags(command: Command): Command {
  return command
    .requiredOption('-q, --queue <url>', 'Redis holding the queue: redis://host:port/db')
    .option('--queue-name <name>', 'queue name (several batches can share one Redis)', DEFAULT_QUEUE_NAME);
}

export function targetOf(flags: QueueFlags): QueueTarget {
  return queueTarget(flags.queue, flags.queueName);
}

/** Runs `fn` with an open Queue, closed afterwards. */
export async function withQueue<T>(flags: QueueFlags, fn: (queue: Queue) => Promise<T>): Promise<T> {
  const target = targetOf(flags);
  const queue = new Queue(target.name, { connection: target.connection });
  try {
    await queue.waitUntilReady();
    return await fn(queue);
  } finally {
    await queue.close();
  }
}
