/** A progress bar on stderr for interactive terminals; plain lines elsewhere (CI logs stay readable). */
import cliProgress from 'cli-progress';

export interface Progress {
  tick(): void;
  /** Prints a line above the bar (or plainly, without one). */
  log(line: string): void;
  stop(): void;
}

export function createProgress(total: number, label: string, enabled = process.stderr.isTTY === true): Progress {
  if (!enabled || total < 2) {
    return { tick: () => undefined, log: (line) => process.stderr.write(`${line}\n`), stop: () => undefined };
  }
  const multi = new cliProgress.MultiBar(
    { stream: process.stderr, format: `${label} [{bar}] {value}/{total} | {percentage}% | ETA {eta_formatted}`, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  const bar = multi.create(total, 0);
  return {
    tick: () => bar.increment(),
    log: (line) => multi.log(`${line}\n`),
    stop: () => multi.stop(),
  };
}
