/** `semseg jobs <submit|worker|status|results|retry-failed|clean|metrics>`: batch segmentation over Redis (docs/jobs.md). */
import type { Command } from 'commander';
import type { CommandContext } from './io.js';
import { registerJobsSubmit } from './jobs-submit.js';
import { registerJobsWorker } from './jobs-worker.js';
import { registerJobsStatus } from './jobs-status.js';
import { registerJobsResults } from './jobs-results.js';
import { registerJobsAdmin } from './jobs-admin.js';

export function registerJobs(program: Command, context: CommandContext): void {
  const jobs = program.command('jobs').description('batch segmentation over a Redis queue: submit, run workers on many machines, watch, collect');
  registerJobsSubmit(jobs, context);
  registerJobsWorker(jobs, context);
  registerJobsStatus(jobs, context);
  registerJobsResults(jobs, context);
  registerJobsAdmin(jobs, context);
}
