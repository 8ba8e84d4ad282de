/**
 * Findings of a fuzz run grouped by what went wrong (kind + reason), each with a count and the first few examples,
 * whose reproducer files are copied to <out>/findings/<n>-<kind>/ with a finding.json that says how to rerun them.
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

export const FINDING_KINDS = ['crash', 'hang', 'write-outside', 'incomplete-summary', 'output-collision', 'bad-error', 'control-mismatch'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];
export type Campaign = 'predict' | 'model' | 'eval' | 'paths';

export interface Example {
  detail: string;
  /** The semseg command that showed it (paths as they were in the run's work folder). */
  command?: string;
  /** Reproducers under <out>/findings/. */
  files: string[];
}

export interface Finding {
  kind: FindingKind;
  campaign: Campaign;
  reason: string;
  count: number;
  examples: Example[];
}

const EXAMPLES_KEPT = 3;

/** File names safe to copy anywhere: the odd names under test stay readable in finding.json. */
function safeName(name: string, index: number): string {
  const cleaned = basename(name).replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_').slice(0, 80);
  return `${index}-${cleaned || 'file'}`;
}

export class FindingLog {
  readonly findings: Finding[] = [];
  private folders = 0;

  constructor(private readonly dir: string) {}

  async add(kind: FindingKind, campaign: Campaign, reason: string, detail: string, sources: string[] = [], command?: string): Promise<void> {
    let finding = this.findings.find((f) => f.kind === kind && f.campaign === campaign && f.reason === reason);
    if (!finding) {
      finding = { kind, campaign, reason, count: 0, examples: [] };
      this.findings.push(finding);
    }
    finding.count++;
    if (finding.examples.length >= EXAMPLES_KEPT) return;
    const folder = join(this.dir, `${String(++this.folders).padStart(3, '0')}-${kind}`);
    await mkdir(folder, { recursive: true });
    const files: string[] = [];
    for (const [index, source] of sources.entries()) {
      const target = join(folder, safeName(source, index));
      if (await copyFile(source, target).then(() => true, () => false)) files.push(target);
    }
    finding.examples.push({ detail, command, files });
    await writeFile(join(folder, 'finding.json'), `${JSON.stringify({ kind, campaign, reason, detail, command, originals: sources, files }, null, 2)}\n`);
  }

  count(kind: FindingKind): number {
    return this.findings.filter((f) => f.kind === kind).reduce((s, f) => s + f.count, 0);
  }
}
