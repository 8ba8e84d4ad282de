/**
 * `npm run fuzz`: hostile inputs through the built CLI (see docs/reliability.md).
 *
 *   npm run fuzz [-- --seed 1 --images 10000 --models 1000 --seconds 1200 --out runs/fuzz --smoke]
 *
 * Writes <out>/report.json, <out>/report.md and <out>/findings/ (reproducers); exits 1 when anything was found.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describeFindings, writeReports } from './report.js';
import { FULL, SMOKE } from './presets.js';
import { runFuzz } from './run-fuzz.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    images: { type: 'string' },
    models: { type: 'string' },
    seconds: { type: 'string' },
    'per-batch': { type: 'string' },
    out: { type: 'string', default: 'runs/fuzz' },
    smoke: { type: 'boolean', default: false },
    'keep-work': { type: 'boolean', default: false },
  },
});
const base = values.smoke ? SMOKE : FULL;
const number = (value: string | undefined, fallback: number, name: string) => {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`Expected a whole number for --${name} but received ${JSON.stringify(value)}`);
  return n;
};
const result = await runFuzz({
  seed: number(values.seed, 1, 'seed'),
  images: number(values.images, base.images, 'images'),
  models: number(values.models, base.models, 'models'),
  seconds: number(values.seconds, base.seconds, 'seconds'),
  perBatch: Math.max(1, number(values['per-batch'], base.perBatch, 'per-batch')),
  evalShare: base.evalShare,
  out: values.out!,
  repoRoot: fileURLToPath(new URL('../../../', import.meta.url)),
  keepWork: values['keep-work'],
});
await writeReports(values.out!, result);
const { done, totals } = result;
process.stdout.write(
  `${done.images} images, ${done.evalFiles} eval files, ${done.models} models in ${done.seconds.toFixed(0)} s (${done.invocations} CLI calls): ` +
    `${totals.crashes} crashes, ${totals.hangs} hangs, ${totals.writesOutside} writes outside, ${totals.incompleteSummaries} incomplete summaries\n` +
    `${describeFindings(result.findings)}\nreport: ${values.out}/report.md\n`,
);
process.exitCode = result.findings.length > 0 ? 1 : 0;
