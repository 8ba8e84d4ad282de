/**
 * Accuracy of a variant with `semseg eval` (its report.json), or, for fp32, the card's recorded figure when the
 * card says it was measured with the same command.
 */
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AccuracySpec } from './types.js';

export type Accuracy = { value: number; source: string } | { unavailable: string };

interface EvalReport {
  metrics: { mIoU: number; perClass: { IoU: number[]; Dice: number[] } };
}

/** The figure the spec names, in percent. */
export function accuracyFigure(report: EvalReport, spec: AccuracySpec): number {
  const { figure } = spec;
  if (figure.kind === 'mIoU') return report.metrics.mIoU * 100;
  const values = figure.kind === 'classIoU' ? report.metrics.perClass.IoU : report.metrics.perClass.Dice;
  return values[figure.classIndex] * 100;
}

export async function cardAccuracy(cardPath: string, spec: AccuracySpec): Promise<Accuracy | undefined> {
  if (!spec.cardFigure || spec.figure.kind !== 'mIoU') return undefined;
  const card = JSON.parse(await readFile(cardPath, 'utf8')) as { metrics?: { mIoU?: number; measuredWith?: string; measuredAt?: string } };
  const m = card.metrics;
  if (m?.mIoU === undefined || !m.measuredWith?.includes(spec.cardFigure.measuredWithIncludes)) return undefined;
  return { value: m.mIoU, source: `card (\`${m.measuredWith}\`, ${m.measuredAt?.slice(0, 10) ?? 'undated'})` };
}

export function measureAccuracy(cliPath: string, reference: string, spec: AccuracySpec, outDir: string): Promise<Accuracy> {
  const args = ['eval', '-m', reference, ...spec.evalArgs, '-o', outDir, '--no-progress', '--bootstrap', '0', '--no-calibration'];
  const result = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) return Promise.resolve({ unavailable: `semseg eval failed: ${(result.stderr || result.stdout).trim().split('\n').at(-1)}` });
  return readFile(join(outDir, 'report.json'), 'utf8').then((text) => ({ value: accuracyFigure(JSON.parse(text) as EvalReport, spec), source: 'measured with `semseg eval`' }));
}
