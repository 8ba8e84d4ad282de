/**
 * Reading what the CLI printed and wrote, tolerant of both formats: today's (`error: <message>`, codes only in
 * summary.json) and the one being introduced (`error: <file>: <message> [CODE]`, `error: <message> [CODE]`).
 */
import { readFile } from 'node:fs/promises';
import { ERROR_DISPOSITIONS } from '../../src/core/error-status.js';
import type { Invocation } from './spawn-cli.js';

export const KNOWN_CODES = new Set(Object.keys(ERROR_DISPOSITIONS));
export const MAX_ERROR_LENGTH = 500;

export interface SummaryItem {
  file: string;
  ok: boolean;
  code?: string;
  error?: string;
  files?: string[];
  milliseconds?: number;
}

export interface Summary {
  model?: string;
  images: number;
  failed: number;
  interrupted?: boolean;
  problems?: unknown[];
  results: SummaryItem[];
}

/** A crash leaves no honest exit status: a signal, an abort (134), a segfault (139) or semseg's internal error (3). */
export function crashReason(run: Invocation): string | undefined {
  if (run.timedOut) return undefined;
  if (run.signal) return `killed by ${run.signal}`;
  if (run.code === 134) return 'exit 134 (abort)';
  if (run.code === 139) return 'exit 139 (segmentation fault)';
  if (run.code === 3) return 'exit 3 (internal error)';
  if (run.code === null || ![0, 1, 2].includes(run.code)) return `exit ${run.code}`;
  if (stderrLines(run).some((line) => /^ {4}at /.test(line))) return 'stack trace on stderr';
  return undefined;
}

export function stderrLines(run: Invocation): string[] {
  return run.stderr.split('\n').filter((line) => line.length > 0);
}

/** Lines that report a failure: everything but notes and warnings (progress bars are off with --no-progress). */
export function errorLines(run: Invocation): string[] {
  return stderrLines(run).filter((line) => !/^(note|warning|warn):/.test(line));
}

/** The `[CODE]` a line ends with, when it names one. */
export function lineCode(line: string): string | undefined {
  return /\[([A-Z_]+)\]\s*$/.exec(line)?.[1];
}

/** What is wrong with one item's error, or undefined when it is a coded, bounded, one-line error. */
export function itemErrorProblem(code: string | undefined, error: string | undefined): string | undefined {
  if (code === undefined) return 'failed item without a code';
  if (!KNOWN_CODES.has(code)) return `unknown code ${code}`;
  if (error === undefined || error.length === 0) return 'failed item without a message';
  if (error.includes('\n')) return 'multi-line error message';
  if (error.length > MAX_ERROR_LENGTH) return `error message over ${MAX_ERROR_LENGTH} characters`;
  return undefined;
}

export async function readJson<T>(path: string): Promise<T | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** The first and last lines of stderr: what went wrong and how it ended (a stack trace sits between them). */
export function stderrGist(run: Invocation): string {
  const lines = errorLines(run);
  const shown = lines.length <= 4 ? lines : [...lines.slice(0, 2), '...', ...lines.slice(-2)];
  return shown.join(' | ').slice(0, 600);
}

/** Command line for a finding's notes, arguments quoted where needed. */
export function commandLine(args: string[]): string {
  return ['semseg', ...args].map((a) => (/^[\w./:=,-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}
