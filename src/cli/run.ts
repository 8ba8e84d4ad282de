/**
 * The `semseg` command as a function: `run(argv, io)` parses, runs and returns the exit code, writing only to
 * `io`, so tests call it in process. Exit codes: 0 all good, 1 some items failed, 2 usage, model or output-folder
 * error (nothing was processed), 3 internal error, 130 / 143 interrupted (SIGINT / SIGTERM).
 * Errors print as one line, `error: <message> [CODE]`; `--debug` (anywhere in argv) adds the stack.
 */
import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { firstLine, SemsegError } from '../core/errors.js';
import { dispositionOf } from '../core/error-status.js';
import type { CliIo, CommandContext } from './io.js';
import { registerDatasets } from './datasets.js';
import { registerEval } from './eval.js';
import { registerJobs } from './jobs.js';
import { registerModels } from './models.js';
import { registerModelsImport } from './models-import.js';
import { registerModelsQuantize } from './models-quantize.js';
import { registerPredict } from './predict.js';
import { registerServe } from './serve.js';
import { registerProfile } from './profile.js';
import { registerBackground } from './background.js';
import { registerField } from './field.js';
import { UsageError } from './usage-error.js';

const { version } = createRequire(import.meta.url)('../../../package.json') as { version: string };

/** Characters of a message printed on its error line. */
const MESSAGE_MAX = 1000;
const oneLine = (text: string) => firstLine(text, MESSAGE_MAX);

export function describeFailure(error: unknown, debug: boolean): { line: string; exit: number } {
  const stack = debug && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  if (error instanceof UsageError) return { line: `error: ${oneLine(error.message)}${stack}`, exit: 2 };
  if (error instanceof SemsegError) return { line: `error: ${oneLine(error.message)} [${error.code}]${stack}`, exit: dispositionOf(error.code).exit };
  const message = error instanceof Error ? error.message : String(error);
  return { line: `error: internal error: ${oneLine(message)} [INTERNAL]${stack || ' (run with --debug for the stack)'}`, exit: 3 };
}

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  let exitCode = 0;
  const context: CommandContext = { io, setExitCode: (code) => (exitCode = code) };
  const program = new Command()
    .name('semseg')
    .description('semantic segmentation: run, measure and debug segmentation models')
    .version(version)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  registerPredict(program, context);
  registerEval(program, context);
  registerProfile(program, context);
  registerDatasets(program, context);
  registerServe(program, context);
  registerJobs(program, context);
  const models = registerModels(program, context);
  registerModelsImport(models, context);
  registerModelsQuantize(models, context);
  registerBackground(program, context);
  registerField(program, context);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const { line, exit } = describeFailure(error, debug);
    io.stderr.write(`${line}\n`);
    return exit;
  }
}
