/** `semseg jobs results`: every finished image's outputs, the failed ones with their codes, and class shares. */
import type { Command } from 'commander';
import { writeFileAtomic } from '../io/file-sink.js';
import { collectResults } from '../jobs/index.js';
import { printablePath } from './output-names.js';
import { addQueueFlags, withQueue, type QueueFlags } from './jobs-queue-flags.js';
import type { CommandContext } from './io.js';

interface ResultsFlags extends QueueFlags {
  write?: string;
}

async function runResults(flags: ResultsFlags, { io, setExitCode }: CommandContext): Promise<void> {
  const results = await withQueue(flags, collectResults);
  const lines = [`${results.images} image(s) done (${results.pixels} pixels), ${results.failed.length} failed`];
  if (results.classes.length) {
    const width = Math.max(...results.classes.map((c) => c.name.length));
    lines.push('class shares over all images:');
    for (const c of results.classes) lines.push(`  ${c.name.padEnd(width)}  ${(100 * c.share).toFixed(2).padStart(6)} %  ${c.pixels}`);
  }
  for (const f of results.failed) lines.push(`failed: ${printablePath(f.source)}: ${f.message} [${f.code}] (${f.attempts} attempt(s))`);
  if (flags.write) {
    await writeFileAtomic(flags.write, `${JSON.stringify(results, null, 2)}\n`);
    lines.push(`written: ${printablePath(flags.write)}`);
  }
  io.stdout.write(`${lines.join('\n')}\n`);
  setExitCode(results.failed.length > 0 ? 1 : 0);
}

export function registerJobsResults(jobs: Command, context: CommandContext): void {
  addQueueFlags(jobs.command('results').description("finished images' outputs, failures with their codes, aggregate class shares"))
    .option('--write <file>', 'write every result (outputs, statistics, failures) as JSON')
    .action((flags: ResultsFlags) => runResults(flags, context));
}
