/** System errors that are the machine's state, not a bug, turned into the one line that says what to do. */
import { CliError } from './errors.ts';

/**
 * For a server that could not listen: a taken or forbidden port is an expected failure naming the
 * option to change; anything else is returned as it was.
 */
export function listenFailure(err: unknown, address: string, option: string): unknown {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') {
    return new CliError(`${address} is in use by another program; stop it or pass another ${option}`, {
      cause: err,
    });
  }
  if (code === 'EACCES') {
    return new CliError(`not permitted to listen on ${address}; pass a port above 1023 with ${option}`, {
      cause: err,
    });
  }
  return err;
}

const FILE_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
};

/**
 * A file system error on a path (the data directory or a file the user named is missing, not a
 * directory, not writable, full) is the machine's state: one line naming the path and what to check.
 */
export function fileSystemFailure(err: unknown): CliError | undefined {
  const e = err as NodeJS.ErrnoException | null;
  const problem = e?.code ? FILE_PROBLEMS[e.code] : undefined;
  if (!problem || typeof e?.path !== 'string') return undefined;
  return new CliError(
    `cannot ${e.syscall ?? 'use'} ${e.path}: ${problem}; check the path and its permissions`,
    {
      cause: err,
    },
  );
}
