/**
 * Builds the int8 and fp16 variants with `semseg models quantize` into a git-ignored folder. Until that command is
 * on this branch (or when it fails for a model), the variant is reported as unavailable with the reason.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, rm, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { CalibrationSource, PlannedVariant } from './types.js';

/** `reference` is what `-m` / loadModel takes: the embedded name for fp32, the built folder otherwise. */
export type BuiltVariant = { reference: string } | { unavailable: string };

function cli(cliPath: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

/** Why `semseg models quantize` cannot be used, or undefined when it can. */
export function quantizeMissing(cliPath: string): string | undefined {
  const help = cli(cliPath, ['models', 'quantize', '--help']);
  if (help.status === 0 && /calibration/.test(help.output)) return undefined;
  if (!/quantize/.test(help.output)) return '`semseg models` has no `quantize` command in this build';
  return `\`semseg models quantize --help\` did not describe --calibration: ${lastLine(help.output)}`;
}

function lastLine(text: string): string {
  return text.split('\n').filter(Boolean).at(-1)?.slice(0, 200) ?? 'nothing';
}

/** A folder of links to the calibration images, as `--calibration <dir>` wants one folder. */
async function calibrationFolder(folder: string, sources: CalibrationSource[]): Promise<string> {
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  for (const source of sources) {
    const files = (await readdir(source.dir)).filter((f) => source.match.test(f)).sort().slice(0, source.take);
    for (const file of files) await symlink(join(source.dir, file), join(folder, `${source.dir.split('/').at(-1)}-${file}`));
  }
  return folder;
}

export async function buildVariant(variant: PlannedVariant, cacheDir: string, cliPath: string, missing: string | undefined): Promise<BuiltVariant> {
  if (variant.skipped) return { unavailable: variant.skipped };
  if (variant.precision === 'fp32') return { reference: variant.model };
  if (missing) return { unavailable: missing };
  const out = join(cacheDir, 'models', `${variant.model}-${variant.precision}`);
  await rm(out, { recursive: true, force: true });
  const args = ['models', 'quantize', variant.model, '-o', out];
  // Per-channel weight scales: on street they cost 0.55 mIoU points against 1.21 per tensor (docs/quantization.md).
  if (variant.precision === 'int8') args.push('--per-channel', '--calibration', await calibrationFolder(join(cacheDir, 'calibration', variant.model), variant.calibration ?? []));
  else args.push('--precision', variant.precision);
  const result = cli(cliPath, args);
  if (result.status !== 0) return { unavailable: `\`semseg ${args.join(' ')}\` failed: ${lastLine(result.output)}` };
  const onnxPath = join(out, 'model.onnx');
  if (!(await stat(onnxPath).then((s) => s.isFile(), () => false))) return { unavailable: `\`semseg ${args.join(' ')}\` wrote no model.onnx` };
  return { reference: out };
}
