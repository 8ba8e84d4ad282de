/** The end of a predict run: summary.json (every item) and the table printed for people. */
import Table from 'cli-table3';
import type { PredictItemResult } from './predict-batch.js';
import { printablePath } from './output-names.js';

export interface PredictSummary {
  model: { name: string; version: string };
  seconds: number;
  images: number;
  written: number;
  failed: number;
  /** Set when the run was interrupted: `results` lists what finished, `unfinished` counts the rest. */
  interrupted?: boolean;
  unfinished?: number;
  problems: { input: string; message: string }[];
  notes: string[];
  results: PredictItemResult[];
}

export function summaryTable(results: readonly PredictItemResult[]): string {
  const ok = results.filter((r) => r.ok && r.stats);
  if (ok.length === 0) return '';
  const table = new Table({ head: ['class', 'pixel share', 'mean confidence', 'images with class'], style: { head: [], border: [], compact: true } });
  const totalPixels = ok.reduce((s, r) => s + (r.width ?? 0) * (r.height ?? 0), 0);
  for (const cls of ok[0].stats!) {
    let pixels = 0;
    let confidencePixels = 0;
    let confidenceSum = 0;
    let present = 0;
    for (const r of ok) {
      const s = r.stats![cls.id];
      pixels += s.pixels;
      if (s.pixels > 0) present++;
      // Images without the class (or without confidence) add nothing, whatever their order.
      if (s.meanConfidence !== null) {
        confidenceSum += s.meanConfidence * s.pixels;
        confidencePixels += s.pixels;
      }
    }
    const share = `${((100 * pixels) / Math.max(1, totalPixels)).toFixed(2)} %`;
    table.push([cls.name, share, confidencePixels > 0 ? (confidenceSum / confidencePixels).toFixed(3) : '-', String(present)]);
  }
  return table.toString();
}

export function summaryLine(summary: PredictSummary): string {
  const per = (1000 * summary.seconds) / Math.max(1, summary.written + summary.failed);
  const head = `${summary.images} image(s): ${summary.written} written, ${summary.failed} failed in ${summary.seconds.toFixed(1)} s (${per.toFixed(0)} ms/image)`;
  return summary.interrupted ? `${head}; interrupted, ${summary.unfinished} not finished` : head;
}

/** The error line of one failed item: `error: <file>: <message> (<library detail>) [CODE]`. */
export function itemLine(r: Pick<PredictItemResult, 'file' | 'error' | 'detail' | 'code'>): string {
  return `error: ${printablePath(r.file)}: ${r.error}${r.detail ? ` (${r.detail})` : ''} [${r.code}]`;
}
