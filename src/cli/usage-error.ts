/** A command-line mistake: exit code 2, message printed without a stack. */
export class UsageError extends Error {
  override name = 'UsageError';
}
