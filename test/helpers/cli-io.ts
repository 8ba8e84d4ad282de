/** In-process CLI calls: run(argv, io) with captured streams. */
import { run } from '../../src/cli/run.js';

export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runInProcess(args: string[], interrupt?: AbortSignal): Promise<CapturedRun> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, interrupt });
  return { code, stdout, stderr };
}
