/** Counts for the report: per group (format, mutation, model mutation), files tried, accepted, rejected by code. */
export interface Tally {
  tried: number;
  accepted: number;
  rejected: Record<string, number>;
}

export type Tallies = Record<string, Tally>;

export function count(tallies: Tallies, group: string, code: string | undefined): void {
  const tally = (tallies[group] ??= { tried: 0, accepted: 0, rejected: {} });
  tally.tried++;
  if (code === undefined) tally.accepted++;
  else tally.rejected[code] = (tally.rejected[code] ?? 0) + 1;
}

export function total(tallies: Tallies): Tally {
  const sum: Tally = { tried: 0, accepted: 0, rejected: {} };
  for (const t of Object.values(tallies)) {
    sum.tried += t.tried;
    sum.accepted += t.accepted;
    for (const [code, n] of Object.entries(t.rejected)) sum.rejected[code] = (sum.rejected[code] ?? 0) + n;
  }
  return sum;
}
