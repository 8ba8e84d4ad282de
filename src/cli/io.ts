/** What a command may touch of its process: two text streams and an interrupt signal. Tests pass their own. */
export interface TextStream {
  write(text: string): unknown;
  /** An interactive terminal (progress bars); absent or false elsewhere. */
  isTTY?: boolean;
}

export interface CliIo {
  stdout: TextStream;
  stderr: TextStream;
  /** Aborted with "SIGINT" or "SIGTERM" when the user interrupts: commands stop taking work and wrap up. */
  interrupt?: AbortSignal;
}

/** Handed to every command's register function. */
export interface CommandContext {
  io: CliIo;
  setExitCode(code: number): void;
}

/** Exit codes of an interrupted command, by signal (128 + signal number, as shells report them). */
export const INTERRUPT_EXIT: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };
