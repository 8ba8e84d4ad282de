#!/usr/bin/env node
/**
 * The `semseg` bin: run() with the process's streams. The first SIGINT / SIGTERM asks the command to wrap up (it
 * writes what finished and exits 130 / 143); a second one exits at once, removing temporary files first.
 */
import { removeTemporaryFiles } from '../io/file-sink.js';
import { INTERRUPT_EXIT } from './io.js';
import { run } from './run.js';

const interrupt = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (!interrupt.signal.aborted) return interrupt.abort(signal);
    removeTemporaryFiles();
    process.exit(INTERRUPT_EXIT[signal]);
  });
}

process.exitCode = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, interrupt: interrupt.signal });
