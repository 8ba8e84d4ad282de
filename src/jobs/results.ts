/**
 * What a queue produced: one entry per finished image or stitched raster (tiles are parts, not results), the
 * failed ones with their code and message, and the class shares over every pixel of every finished image.
 */
import type { Job, Queue } from 'bullmq';
import type { ImageResult, JobData } from './job-data.js';
import { codeOf } from './failure.js';

export interface FailedItem {
  source: string;
  id: string;
  code: string;
  message: string;
  attempts: number;
}

export interface ClassShare {
  id: number;
  name: string;
  pixels: number;
  share: number;
}

export interface QueueResults {
  images: number;
  pixels: number;
  items: (ImageResult & { id: string })[];
  failed: FailedItem[];
  classes: ClassShare[];
}

async function* allJobs(queue: Queue, state: 'completed' | 'failed', page = 500): AsyncGenerator<Job<JobData>> {
  for (let start = 0; ; start += page) {
    const jobs = (await queue.getJobs([state], start, start + page - 1, true)) as Job<JobData>[];
    for (const job of jobs) if (job) yield job;
    if (jobs.length < page) return;
  }
}

export async function collectResults(queue: Queue): Promise<QueueResults> {
  const items: QueueResults['items'] = [];
  const shares = new Map<number, ClassShare>();
  let pixels = 0;
  for await (const job of allJobs(queue, 'completed')) {
    if (job.data.kind === 'tile') continue;
    const result = job.returnvalue as ImageResult;
    items.push({ id: job.id!, ...result });
    pixels += result.width * result.height;
    for (const s of result.stats) {
      const entry = shares.get(s.id) ?? { id: s.id, name: s.name, pixels: 0, share: 0 };
      entry.pixels += s.pixels;
      shares.set(s.id, entry);
    }
  }
  const failed: FailedItem[] = [];
  for await (const job of allJobs(queue, 'failed')) {
    const reason = job.failedReason ?? '';
    failed.push({ source: job.data.source, id: job.id!, code: codeOf(reason), message: reason.replace(/ \[[A-Z_]+\]$/, ''), attempts: job.attemptsMade });
  }
  const classes = [...shares.values()].sort((a, b) => a.id - b.id).map((c) => ({ ...c, share: pixels ? c.pixels / pixels : 0 }));
  items.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  failed.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  return { images: items.length, pixels, items, failed, classes };
}
