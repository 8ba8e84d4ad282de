/** Runs the built CLI in a child process with a time limit: a child still running at the limit is killed (a hang). */
import { spawn } from 'node:child_process';

export interface Invocation {
  args: string[];
  /** Exit status; null when a signal ended the child. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  pid: number | undefined;
  milliseconds: number;
}

/** Output kept per stream: enough for any honest message, bounded against a runaway child. */
const CAPTURE_LIMIT = 4 * 1024 * 1024;

export function runCliProcess(cliPath: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Invocation> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => stdout.length < CAPTURE_LIMIT && (stdout += d));
    child.stderr.on('data', (d: Buffer) => stderr.length < CAPTURE_LIMIT && (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ args, code, signal, stdout, stderr, timedOut, pid: child.pid, milliseconds: performance.now() - started });
    });
  });
}
