/** A progress bar on stderr for interactive terminals; plain lines elsewhere (CI logs stay readable). */
import cliProgress from 'cli-progress';
import type { TextStream } from './io.js';

export interface Task {
  /** Sets how much of the task is done. */
  update(done: number): void;
  /** Removes the task's bar. */
  done(): void;
}

export interface Progress {
  tick(): void;
  /** Prints a line above the bar (or plainly, without one). */
  log(line: string): void;
  /** A second bar under the first for one long item (e.g. the windows of a huge image); none without a terminal. */
  task(total: number, label: string): Task;
  stop(): void;
}

const NO_TASK: Task = { update: () => undefined, done: () => undefined };

export function createProgress(total: number, label: string, enabled: boolean, stream: TextStream = process.stderr): Progress {
  if (!enabled) {
    return { tick: () => undefined, log: (line) => stream.write(`${line}\n`), task: () => NO_TASK, stop: () => undefined };
  }
  const format = (name: string) => `${name} [{bar}] {value}/{total} | {percentage}% | ETA {eta_formatted}`;
  let multi: cliProgress.MultiBar | undefined;
  const bars = () =>
    (multi ??= new cliProgress.MultiBar({ stream: stream as NodeJS.WritableStream, format: format(label), hideCursor: true, clearOnComplete: false }, cliProgress.Presets.shades_classic));
  // One item needs no bar of its own; its tasks still get one.
  const bar = total >= 2 ? bars().create(total, 0) : undefined;
  return {
    tick: () => bar?.increment(),
    log: (line) => (multi ? multi.log(`${line}\n`) : stream.write(`${line}\n`)),
    task(taskTotal, taskLabel) {
      const taskBar = bars().create(taskTotal, 0, {}, { format: format(taskLabel) });
      return { update: (done) => taskBar.update(done), done: () => multi?.remove(taskBar) };
    },
    stop: () => multi?.stop(),
  };
}
