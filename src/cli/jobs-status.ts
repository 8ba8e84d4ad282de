/** `semseg jobs status`: done / failed / retrying / waiting, rate and ETA; --watch: live, with a progress bar. */
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { setTimeout as sleep } from 'node:timers/promises';
import { queueStatus, rateTracker, statusLine, withRate } from '../jobs/index.js';
import { parseNumberOption } from './options.js';
import { addQueueFlags, withQueue, type QueueFlags } from './jobs-queue-flags.js';
import type { CommandContext } from './io.js';

interface StatusFlags extends QueueFlags {
  watch?: boolean;
  interval: number;
  json?: boolean;
}

async function runStatus(flags: StatusFlags, { io, setExitCode }: CommandContext): Promise<void> {
  await withQueue(flags, async (queue) => {
    if (!flags.watch) {
      const s = await queueStatus(queue);
      io.stdout.write(flags.json ? `${JSON.stringify(s)}\n` : `${statusLine(s)}\n`);
      return setExitCode(s.failed > 0 ? 1 : 0);
    }
    const track = rateTracker();
    const tty = io.stderr.isTTY === true;
    const bar = tty ? new cliProgress.SingleBar({ stream: io.stderr as NodeJS.WritableStream, format: 'jobs [{bar}] {value}/{total} | {line}', hideCursor: true }, cliProgress.Presets.shades_classic) : undefined;
    let first = true;
    for (;;) {
      const counts = await queueStatus(queue, 0);
      const s = withRate(counts, track(counts.done + counts.failed));
      const finished = s.done + s.failed;
      if (bar && first) bar.start(s.total, finished, { line: statusLine(s) });
      else if (bar) {
        bar.setTotal(s.total);
        bar.update(finished, { line: statusLine(s) });
      } else io.stdout.write(`${statusLine(s)}\n`);
      first = false;
      if (s.waiting + s.active + s.retrying + s.stitching === 0 || io.interrupt?.aborted) {
        bar?.stop();
        if (bar) io.stdout.write(`${statusLine(s)}\n`);
        return setExitCode(io.interrupt?.aborted ? 130 : s.failed > 0 ? 1 : 0);
      }
      await sleep(flags.interval * 1000, undefined, { signal: io.interrupt }).catch(() => undefined);
    }
  });
}

export function registerJobsStatus(jobs: Command, context: CommandContext): void {
  addQueueFlags(jobs.command('status').description('done / failed / retrying / waiting jobs, rate and ETA'))
    .option('-w, --watch', 'live until nothing is left to do (progress bar on a terminal)')
    .option('--interval <seconds>', 'seconds between updates with --watch', parseNumberOption('--interval', 0.1, 3600), 1)
    .option('--json', 'one JSON object instead of a line')
    .action((flags: StatusFlags) => runStatus(flags, context));
}
