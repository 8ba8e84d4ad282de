import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `check` every 25 ms until it holds; throws naming `what` after `timeoutMs` (a hang guard, not a timing assertion). */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}
