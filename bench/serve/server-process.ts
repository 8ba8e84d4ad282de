/**
 * `semseg serve` in a child process for load benchmarks: started on a free loopback port, its request log lines
 * collected (status and milliseconds of every request) and its resident memory read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';

export interface RequestRecord {
  status: number;
  ms: number;
}

export interface ServerProcess {
  address: string;
  child: ChildProcess;
  /** Request records logged since the last call (then forgotten). */
  takeRecords(): RequestRecord[];
  rssBytes(): Promise<number>;
  /** CPU seconds (user + system, all threads) the server process has used so far. */
  cpuSeconds(): Promise<number>;
  stop(): Promise<number | null>;
}

export async function startServer(cli: string, args: string[]): Promise<ServerProcess> {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let records: RequestRecord[] = [];
  const address = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`semseg serve exited with ${code} before listening`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as { msg: string; address?: string; status?: number; ms?: number };
      if (entry.msg === 'request' && entry.status !== undefined) records.push({ status: entry.status, ms: entry.ms ?? 0 });
      else if (entry.address && entry.msg.startsWith('semseg serve')) resolve(entry.address);
    });
  });
  return {
    address,
    child,
    takeRecords() {
      const taken = records;
      records = [];
      return taken;
    },
    async rssBytes() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    },
    async cpuSeconds() {
      // /proc/<pid>/stat: fields 14 and 15 (utime, stime) in clock ticks (USER_HZ, 100 on Linux).
      const stat = await readFile(`/proc/${child.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    stop() {
      return new Promise((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      });
    },
  };
}

/** The p-th percentile (0..100) of a list of numbers, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
