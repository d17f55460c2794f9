/**
 * One process per data directory: two appliances on one store, or two processes on one PGlite
 * database, corrupt it. A lock file holding the owner's PID keeps a second process out, and is
 * taken over when the PID it names is dead (the owner crashed).
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export class DataDirInUseError extends Error {
  readonly code = 'DATA_DIR_IN_USE';
  constructor(
    message: string,
    readonly dir: string,
    readonly ownerPid: number | null,
  ) {
    super(message);
    this.name = 'DataDirInUseError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Directories this process holds, so a second open in the same process is refused too. */
const heldHere = new Set<string>();

/**
 * Takes the lock or throws DataDirInUseError; returns the release function. The lock file sits
 * beside the directory (`DIR.lock`), because PGlite wants the directory itself to be its own.
 */
/** `what` names the directory in the error, e.g. 'the central database'. */
export function lockDataDir(dir: string, what = 'the data directory'): () => void {
  const path = `${resolve(dir)}.lock`;
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(path);
      return () => {
        heldHere.delete(path);
        rmSync(path, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(path, 'utf8').trim());
      const held = owner === process.pid ? heldHere.has(path) : owner > 0 && alive(owner);
      if (held) {
        throw new DataDirInUseError(`${what} in ${dir} is in use by process ${owner}`, dir, owner);
      }
      rmSync(path, { force: true });
    }
  }
  throw new DataDirInUseError(`could not lock ${dir}`, dir, null);
}
