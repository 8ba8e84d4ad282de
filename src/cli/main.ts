#!/usr/bin/env node
/** The `semseg` command. Exit codes: 0 all good, 1 some items failed, 2 usage error (nothing was processed). */
import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { SemsegError } from '../core/errors.js';
import { registerDatasets } from './datasets.js';
import { registerEval } from './eval.js';
import { registerModels } from './models.js';
import { registerModelsImport } from './models-import.js';
import { registerPredict } from './predict.js';
import { UsageError } from './usage-error.js';

const { version } = createRequire(import.meta.url)('../../../package.json') as { version: string };
const program = new Command();
let exitCode = 0;
const setExitCode = (code: number) => {
  exitCode = code;
};

program.name('semseg').description('semantic segmentation: run, measure and debug segmentation models').version(version).exitOverride();
registerPredict(program, setExitCode);
registerEval(program, setExitCode);
registerDatasets(program);
registerModelsImport(registerModels(program));

try {
  await program.parseAsync(process.argv);
  process.exitCode = exitCode;
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof SemsegError || error instanceof UsageError) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`error: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 2;
  }
}
