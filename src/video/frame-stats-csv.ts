/**
 * Per-frame statistics as CSV lines, written as frames finish: frame index, time in seconds, the share of pixels
 * whose label changed since the previous frame (smoothed labels, and the model's own labels), mean confidence, and
 * each class's share of the frame. Platform-neutral.
 */
export interface FrameStatsRow {
  frame: number;
  seconds: number;
  changed: number | null;
  changedRaw: number | null;
  meanConfidence: number;
  /** One share per class, in the order of `classes`. */
  shares: readonly number[];
}

const csvName = (name: string) => (/[",\n]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name);
const round = (v: number) => String(Math.round(v * 1e6) / 1e6);

/** The header line; `shareNames` name the share columns (class names, or the foreground's). */
export function frameStatsHeader(shareNames: readonly string[]): string {
  return `${['frame', 'seconds', 'changed_share', 'changed_share_unsmoothed', 'mean_confidence', ...shareNames.map((n) => csvName(`share_${n}`))].join(',')}\n`;
}

export function frameStatsLine(row: FrameStatsRow): string {
  const cells = [String(row.frame), round(row.seconds), row.changed === null ? '' : round(row.changed), row.changedRaw === null ? '' : round(row.changedRaw), round(row.meanConfidence), ...row.shares.map(round)];
  return `${cells.join(',')}\n`;
}
