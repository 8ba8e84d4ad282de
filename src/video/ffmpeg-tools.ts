/**
 * ffmpeg and ffprobe, Debian's package, as optional external tools: found on the PATH (or at given paths), never
 * downloaded. A missing tool is one clear TOOL_MISSING error saying how to install it. Node only.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { firstLine, SemsegError } from '../core/errors.js';

export interface VideoTools {
  /** Command or path of ffmpeg. Default "ffmpeg" (from the PATH). */
  ffmpeg?: string;
  /** Command or path of ffprobe. Default "ffprobe". */
  ffprobe?: string;
}

export function toolMissing(tool: string, command: string): SemsegError {
  return new SemsegError('TOOL_MISSING', `Expected ${tool} (${command}) for video input and output but it was not found (install Debian's package: apt-get install ffmpeg)`);
}

export type ToolProcess = ChildProcessByStdio<Writable, Readable, Readable>;

/** Starts the tool; `failed` rejects with TOOL_MISSING when it cannot be started, else with the tool's own failure. */
export function startTool(tool: 'ffmpeg' | 'ffprobe', command: string, args: string[]): { child: ToolProcess; done: Promise<void> } {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const errors: Buffer[] = [];
  let errorBytes = 0;
  child.stderr.on('data', (chunk: Buffer) => {
    // The tail is what explains a failure; keep a bounded amount.
    errors.push(chunk);
    errorBytes += chunk.length;
    while (errorBytes > 8192 && errors.length > 1) errorBytes -= errors.shift()!.length;
  });
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' || error.code === 'EACCES' ? toolMissing(tool, command) : new SemsegError('IO_FAILED', `Expected ${tool} to start but it failed: ${error.message}`, { cause: error }));
    });
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      const said = Buffer.concat(errors).toString('utf8').trim().split('\n').pop() ?? '';
      reject(new SemsegError('IO_FAILED', `Expected ${tool} to finish but it exited with ${signal ?? `code ${code}`}${said ? `: ${firstLine(said, 300)}` : ''}`));
    });
  });
  // Unobserved rejections of a tool that was stopped on purpose are not errors of the run.
  done.catch(() => undefined);
  child.stdin.on('error', () => undefined);
  return { child, done };
}

/** Resolves when the tool runs (`<tool> -version`), so a missing one fails before any frame is processed. */
export async function checkTool(tool: 'ffmpeg' | 'ffprobe', tools: VideoTools = {}): Promise<void> {
  const { child, done } = startTool(tool, tools[tool] ?? tool, ['-version']);
  child.stdin.end();
  child.stdout.resume();
  await done;
}
