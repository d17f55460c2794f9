/**
 * The two ways a command ends without doing its job, as the command line tells the user:
 * - UsageError (exit 2): the command line itself is wrong (unknown option, missing or malformed
 *   argument); the usage follows the one-line message.
 * - CliError (exit 1 unless the command documents its own code): the command line is fine but the
 *   world is not (a file is missing, the broker is unreachable, a port or data directory is taken,
 *   no device is attached). The message names the problem and what to do about it.
 * Anything else that escapes a command is a bug and is reported as an internal error.
 */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.exitCode = options.exitCode ?? 1;
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, { exitCode: 2 });
    this.name = 'UsageError';
  }
}

/** node:util parseArgs throws TypeErrors with these codes; they are the user's typing, not our bug. */
export function asUsageError(err: unknown): UsageError | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) return undefined;
  const message = (err as Error).message;
  const quoted = /'([^']+)'/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`unknown option '${quoted ?? message}'`);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`unexpected argument '${quoted ?? message}'`);
    default:
      // e.g. "Option '--port <value>' argument missing"
      return new UsageError(message.charAt(0).toLowerCase() + message.slice(1));
  }
}
