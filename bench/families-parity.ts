/**
 * Measures every family fixture through every import path (the conformance suite's own measurement) and writes
 * the parity table into docs/families.md, between its `parity:start` and `parity:end` markers.
 *
 *     npx tsc -p . && node dist/bench/families-parity.js [--check]
 *
 * With --check the document is left alone and the exit code says whether it is up to date with the figures.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelCard } from '../src/models/card-schema.js';
import { listFixtures, measureFixture, modelFolderFor, type CaseParity } from '../test/conformance/family-fixtures.js';
import { repoRoot } from '../test/helpers/paths.js';

const docPath = join(repoRoot, 'docs', 'families.md');
const START = '<!-- parity:start (written by bench/families-parity.ts) -->';
const END = '<!-- parity:end -->';

function describeInput(card: ModelCard): string {
  const { size, layout, resize, interpolation } = card.input;
  if (size.mode === 'fixed') return `${layout}, ${size.width}x${size.height} ${resize} (${interpolation})`;
  const multiple = size.multipleOf > 1 ? `, padded to /${size.multipleOf}` : '';
  return size.shortestEdge ? `${layout}, short side ${size.shortestEdge} (${interpolation})${multiple}` : `${layout}, any size${multiple}`;
}

const isOdd = (c: CaseParity) => /-\d+x\d+$/.test(c.name);
const worst = (cases: CaseParity[], pick: (c: CaseParity) => number | undefined) => Math.max(...cases.map((c) => pick(c) ?? 0));
/** Worst label agreement of the cases, with the number of differing pixels over all of them. */
function labels(cases: CaseParity[]): string {
  const agreement = Math.min(...cases.map((c) => c.labelAgreement));
  const differing = cases.reduce((n, c) => n + Math.round((1 - c.labelAgreement) * c.width * c.height), 0);
  return differing === 0 ? '100 %' : `${(agreement * 100).toFixed(4)} % (${differing} px)`;
}
const exp = (v: number) => (v === 0 ? '0' : v.toExponential(1));

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'semseg-families-bench-'));
  const rows: string[] = [];
  try {
    for (const fixture of listFixtures()) {
      for (const path of fixture.paths) {
        const { card, cases } = await measureFixture(fixture, await modelFolderFor(fixture, path, work));
        const [native, odd] = [cases.filter((c) => !isOdd(c)), cases.filter(isOdd)];
        const scores = fixture.reference.output === 'labels';
        const r = fixture.reference;
        rows.push(
          `| ${r.family} | \`${fixture.id}\` | ${r.encoder} | ${r.parameters.toLocaleString('en-US')} | ${path} | ${describeInput(card)} | ${card.output.kind} | ` +
            `${scores ? '—' : exp(worst(native, (c) => c.maxAbs))} | ${scores ? '—' : exp(worst(odd, (c) => c.maxAbs))} | ${labels(native)} | ${labels(odd)} |`,
        );
        process.stderr.write(`${fixture.id} via ${path}: done\n`);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const table = [
    START,
    '| family | fixture | encoder | parameters | path | input | output | max \\|Δ\\| native | max \\|Δ\\| odd sizes | labels native | labels odd sizes |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    END,
  ].join('\n');
  const doc = readFileSync(docPath, 'utf8');
  const [a, b] = [doc.indexOf(START), doc.indexOf(END)];
  if (a < 0 || b < a) throw new Error(`${docPath} lacks the parity markers`);
  const updated = doc.slice(0, a) + table + doc.slice(b + END.length);
  if (process.argv.includes('--check')) {
    process.exitCode = updated === doc ? 0 : 1;
    process.stdout.write(updated === doc ? 'docs/families.md is up to date\n' : 'docs/families.md differs from the measured figures\n');
    return;
  }
  writeFileSync(docPath, updated);
  process.stdout.write(`${table}\n`);
}

await main();
