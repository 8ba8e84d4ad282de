/** The run's report: report.json (everything) and report.md (the tables docs/reliability.md quotes). */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding } from './findings.js';
import type { FuzzResult } from './run-fuzz.js';
import { total, type Tallies } from './tally.js';

function rejected(codes: Record<string, number>): string {
  return Object.entries(codes).sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} ${n}`).join(', ') || '-';
}

function tallyTable(title: string, tallies: Tallies): string[] {
  const rows = Object.entries(tallies).sort(([a], [b]) => a.localeCompare(b));
  const sum = total(tallies);
  return [
    `| ${title} | tried | accepted | rejected (by code) |`,
    '|---|---:|---:|---|',
    ...rows.map(([group, t]) => `| ${group} | ${t.tried} | ${t.accepted} | ${rejected(t.rejected)} |`),
    `| **all** | **${sum.tried}** | **${sum.accepted}** | ${rejected(sum.rejected)} |`,
  ];
}

/** One line per finding group, examples indented: the smoke test's failure message and the console's summary. */
export function describeFindings(findings: Finding[]): string {
  if (findings.length === 0) return 'no findings';
  return findings
    .map((f) => {
      const example = f.examples[0];
      const detail = example ? `\n    e.g. ${example.detail.split('\n').join('\n         ')}${example.command ? `\n    run: ${example.command.slice(0, 300)}` : ''}` : '';
      return `- [${f.kind}] ${f.campaign}: ${f.reason} (x${f.count})${detail}`;
    })
    .join('\n');
}

export function markdownReport(result: FuzzResult): string {
  const { done, totals } = result;
  return [
    `# semseg fuzz report (seed ${result.options.seed})`,
    '',
    `${done.images} mutated images through predict, ${done.evalFiles} mutated label files through eval, ${done.models} mutated models or cards; ` +
      `${done.invocations} CLI calls in ${done.seconds.toFixed(0)} s${done.stoppedByTime ? ' (stopped by --seconds)' : ''}.`,
    '',
    `CLI time by campaign: ${Object.entries(result.time).map(([c, t]) => `${c} ${t.calls} calls, ${t.seconds.toFixed(0)} s`).join('; ')}.`,
    '',
    '| check | count |',
    '|---|---:|',
    `| crashes (signal, 134, 139, exit 3, stack trace) | ${totals.crashes} |`,
    `| hangs (killed at the time limit) | ${totals.hangs} |`,
    `| writes outside the output folder | ${totals.writesOutside} |`,
    `| incomplete summaries | ${totals.incompleteSummaries} |`,
    `| output collisions | ${totals.collisions} |`,
    `| bad errors (uncoded, multi-line, over 500 characters, wrong code, stderr lines) | ${totals.badErrors} |`,
    `| control mismatches | ${totals.controlMismatches} |`,
    '',
    '## Images by format (predict)',
    '',
    ...tallyTable('format', result.tallies.images),
    '',
    '## Images by mutation (predict)',
    '',
    ...tallyTable('mutation', result.tallies.mutations),
    '',
    '## Label files (eval)',
    '',
    ...tallyTable('mutated side', result.tallies.eval),
    '',
    '## Models and cards',
    '',
    ...tallyTable('mutation', result.tallies.models),
    '',
    '## Findings',
    '',
    '```',
    describeFindings(result.findings),
    '```',
    '',
  ].join('\n');
}

export async function writeReports(out: string, result: FuzzResult): Promise<void> {
  await writeFile(join(out, 'report.json'), `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(join(out, 'report.md'), markdownReport(result));
}
