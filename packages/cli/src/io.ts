/**
 * Everything the CLI touches outside itself, passed in: `main` writes through these, so tests run it
 * in-process and the bin only wires the process streams.
 */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal: the progress indicator is drawn only then. */
  readonly stderrIsTTY?: boolean;
  /** Relative paths are resolved from here (default: the process's working directory). */
  readonly cwd?: string;
  /** STEGVIS_DEBUG=1 prints the stack of an internal error. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Exit codes: 0 clean, 1 problems found or bad input, 2 bad arguments, 3 an internal error (a bug). */
export const exitCodes = { ok: 0, problems: 1, usage: 2, internal: 3 } as const;

/**
 * A problem the user can fix (a missing file, broken YAML, a bad flag): printed as its message alone,
 * never with a stack. Anything else that escapes a command is an internal error.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = exitCodes.problems,
  ) {
    super(message);
  }
}

/** Writes whole lines. */
export const line = (write: (text: string) => void) => (text = '') => write(`${text}\n`);

export function processIo(): Io {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
    env: process.env,
  };
}
