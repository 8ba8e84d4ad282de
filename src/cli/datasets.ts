/** `semseg datasets download <name> --to DIR`: a public dataset, extracted and checked, in the layout eval reads. */
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { downloadDataset, type DownloadProgress } from '../datasets/download/download-dataset.js';
import { DATASET_SOURCES } from '../datasets/download/sources.js';
import { UsageError } from './usage-error.js';
import type { CliIo, CommandContext, TextStream } from './io.js';

interface DownloadFlags {
  to: string;
  url?: string;
  progress: boolean;
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

/** One bar per phase on a terminal (bytes, then archive entries); nothing in logs but the closing lines. */
function progressBars(enabled: boolean, stream: TextStream): { update(p: DownloadProgress): void; stop(): void } {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  let bar: cliProgress.SingleBar | undefined;
  let phase = '';
  const stop = () => bar?.stop();
  return {
    update(p) {
      if (p.phase !== phase) {
        stop();
        phase = p.phase;
        const format = p.phase === 'download' ? 'download [{bar}] {done} / {size} MB | ETA {eta_formatted}' : 'extract  [{bar}] {value}/{total} entries';
        bar = new cliProgress.SingleBar({ stream: stream as NodeJS.WritableStream, format, hideCursor: true }, cliProgress.Presets.shades_classic);
        bar.start(p.total ?? 0, 0, { done: '0.0', size: '?' });
      }
      if (p.total !== undefined) bar!.setTotal(p.total);
      bar!.update(p.done, { done: mb(p.done), size: p.total === undefined ? '?' : mb(p.total) });
    },
    stop,
  };
}

async function runDownload(name: string, flags: DownloadFlags, io: CliIo): Promise<void> {
  const source = DATASET_SOURCES[name.toLowerCase()];
  if (!source) throw new UsageError(`Expected a dataset among ${Object.keys(DATASET_SOURCES).join(', ')} for datasets download but received "${name}"`);
  const url = flags.url ?? source.url;
  io.stderr.write(`downloading ${source.name} from ${url}\n`);
  const bars = progressBars(flags.progress && io.stderr.isTTY === true, io.stderr);
  let result;
  try {
    result = await downloadDataset(source, flags.to, { url, onProgress: bars.update });
  } finally {
    bars.stop();
  }
  const counts = Object.entries(result.splits).map(([split, n]) => `${split} ${n}`).join(', ');
  io.stdout.write(`${source.name} in ${result.root}: ${counts} samples, ${result.files} files${result.reused ? ' (archive of an earlier run reused)' : ''}\n`);
  io.stdout.write(`evaluate with: semseg eval --dataset ${source.name}:${flags.to} ...\n${source.attribution}\n`);
}

/** Errors are thrown (main prints them, exit 2); success leaves the exit code at 0. */
export function registerDatasets(program: Command, { io }: CommandContext): void {
  const datasets = program.command('datasets').description('public datasets for semseg eval');
  datasets
    .command('download <name>')
    .description(`download and unpack a dataset (${Object.keys(DATASET_SOURCES).join(', ')}) into a new folder`)
    .requiredOption('--to <dir>', 'folder to create (new or empty); becomes the dataset root, e.g. for --dataset camvid:<dir>')
    .option('--url <url>', 'another place to get the same zip archive from (a mirror)')
    .option('--no-progress', 'no progress bar')
    .action((name: string, flags: DownloadFlags) => runDownload(name, flags, io));
}
