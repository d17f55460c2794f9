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
