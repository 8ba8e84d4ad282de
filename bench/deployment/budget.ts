/**
 * When a cell may stop before its full run count: once it has MIN_RUNS runs and has spent its time budget (0 = no
 * budget). Keeps the slowest cells (a U-Net on 2 megapixels in wasm) from taking most of the run; the table says
 * how many runs each such cell got.
 */
export const MIN_RUNS = 5;

export function overBudget(runsDone: number, spentMs: number, budgetMs: number): boolean {
  return budgetMs > 0 && runsDone >= MIN_RUNS && spentMs >= budgetMs;
}
