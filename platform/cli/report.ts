/** Turns whatever ended a command into one line on stderr and its exit code. */
import { asUsageError, CliError, UsageError } from './errors.ts';
import type { CliIo } from './io.ts';
import { fileSystemFailure } from './system-errors.ts';

/** One line: a message that spans lines (a list, a nested cause) is joined with '; '. */
export function oneLine(text: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .join('; ');
}

export function debugEnabled(): boolean {
  const v = process.env.SHEQU_DEBUG;
  return v !== undefined && v !== '' && v !== '0';
}

/**
 * Prints the failure of `shequ <name>` and returns the exit code. `usage` follows a usage error;
 * without it the user is pointed at --help. Stack traces only with SHEQU_DEBUG=1.
 */
export function reportFailure(name: string, err: unknown, io: CliIo, usage?: string): number {
  const prefix = name ? `shequ ${name}` : 'shequ';
  const usageError = err instanceof UsageError ? err : asUsageError(err);
  if (usageError) {
    const more = usage ? `\n${usage}` : `run 'shequ ${name} --help' for its usage\n`;
    io.err(`${prefix}: ${oneLine(usageError.message)}\n${more}`);
    return usageError.exitCode;
  }
  const fileProblem = err instanceof CliError ? undefined : fileSystemFailure(err);
  if (fileProblem) return reportFailure(name, fileProblem, io, usage);
  if (err instanceof CliError) {
    io.err(`${prefix}: ${oneLine(err.message)}\n`);
    if (debugEnabled() && err.cause instanceof Error) io.err(`${err.cause.stack ?? err.cause.message}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.err(`${prefix}: internal error: ${oneLine(message)} (run with SHEQU_DEBUG=1 for details)\n`);
  if (debugEnabled() && err instanceof Error && err.stack) io.err(`${err.stack}\n`);
  return 1;
}

/**
 * For the whole process: an error thrown outside any awaited path (an 'error' event nobody
 * listens to, a stray rejection) still ends in one line, not in Node's stack dump.
 */
export function reportCrashesAsOneLine(name: () => string, io: CliIo): void {
  const crash = (err: unknown) => {
    process.exitCode = reportFailure(name(), err, io);
    process.exit();
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
}
