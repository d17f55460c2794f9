/**
 * A real, throwaway PostgreSQL 15 for tests: initdb into a temp dir, pg_ctl start on a port
 * the OS picked, listening on 127.0.0.1 only; stop() shuts it down and removes the dir.
 * PostgreSQL refuses to run as root, so as root every step runs as the `postgres` user.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { onProcessExit, ownedPrefix, removeDirSync, sweepLeftovers } from './cleanup.ts';
import { freePort } from './net.ts';

const execFileAsync = promisify(execFile);

export const PG_BIN = '/usr/lib/postgresql/15/bin';

export interface PostgresServer {
  url: string;
  /** Shuts down and removes the data. */
  stop(): Promise<void>;
  /** Immediate shutdown, as in a crash; the data stays for start(). */
  kill(): Promise<void>;
  /** Starts again on the same port with the same data (after kill). */
  start(): Promise<void>;
}

export class PostgresStartError extends Error {
  readonly code = 'POSTGRES_START_FAILED';
}

function postgresIds(): { uid: number; gid: number } {
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) {
    throw new PostgresStartError(
      'running as root but there is no postgres user; apt-get install -y postgresql-15',
    );
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

const asRoot = process.getuid?.() === 0;

/** The command line that runs a PostgreSQL binary as the right user. */
function pgCommand(bin: string, args: string[]): [string, string[]] {
  const full = join(PG_BIN, bin);
  return asRoot ? ['/usr/sbin/runuser', ['-u', 'postgres', '--', full, ...args]] : [full, args];
}

async function runPg(bin: string, args: string[]): Promise<void> {
  const [cmd, argv] = pgCommand(bin, args);
  try {
    await execFileAsync(cmd, argv, { cwd: tmpdir(), timeout: 60_000 });
  } catch (err) {
    const e = err as Error & { stderr?: string; stdout?: string };
    throw new PostgresStartError(`${bin} failed: ${(e.stderr || e.stdout || e.message).trim()}`);
  }
}

function stopSync(dataDir: string): void {
  const [cmd, argv] = pgCommand('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-w']);
  spawnSync(cmd, argv, { cwd: tmpdir(), stdio: 'ignore', timeout: 20_000 });
}

const INITDB_ARGS = ['-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'];
const TEMPLATE = join(tmpdir(), `shequ-pg-template-15-${process.getuid?.() ?? 0}`);
let templateReady: Promise<string> | null = null;

/**
 * One freshly initdb'd cluster per machine, copied for each test server: initdb costs a second or
 * more of CPU per server, a copy a few milliseconds. Built aside and renamed into place, so a
 * test killed mid-initdb never leaves a half-made template, and concurrent builders both succeed.
 */
function templateCluster(): Promise<string> {
  templateReady ??= (async () => {
    if (existsSync(join(TEMPLATE, 'global', 'pg_control'))) return TEMPLATE;
    const build = await mkdtemp(join(tmpdir(), ownedPrefix('pg')));
    if (asRoot) {
      const { uid, gid } = postgresIds();
      await chown(build, uid, gid);
    }
    await runPg('initdb', ['-D', join(build, 'data'), ...INITDB_ARGS]);
    await rename(join(build, 'data'), TEMPLATE).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
    });
    removeDirSync(build);
    return TEMPLATE;
  })();
  return templateReady;
}

async function copyTemplate(template: string, dataDir: string): Promise<void> {
  // cp -a keeps the postgres user's ownership and the 0700 mode the server insists on.
  await execFileAsync('cp', ['-a', template, dataDir], { timeout: 60_000 }).catch((err: Error) => {
    throw new PostgresStartError(`copying the template cluster failed: ${err.message}`);
  });
}

export async function startPostgres(): Promise<PostgresServer> {
  // pg_ctl daemonises the server, so a SIGKILLed test leaves it running: stop those first.
  sweepLeftovers('pg', (dir) => stopSync(join(dir, 'data')));
  const root = await mkdtemp(join(tmpdir(), ownedPrefix('pg')));
  const dataDir = join(root, 'data');
  let started = false;
  const unregister = onProcessExit(() => {
    if (started) stopSync(dataDir);
    removeDirSync(root);
  });
  try {
    if (asRoot) {
      const { uid, gid } = postgresIds();
      await chown(root, uid, gid);
    }
    await copyTemplate(await templateCluster(), dataDir);
    const port = await freePort();
    const serverOpts = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1`;
    const startArgs = [
      'start',
      '-D',
      dataDir,
      '-w',
      '-t',
      '30',
      '-l',
      join(root, 'server.log'),
      '-o',
      serverOpts,
    ];
    started = true;
    await runPg('pg_ctl', startArgs);
    let stopped = false;
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      kill: () => runPg('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-w']),
      start: () => runPg('pg_ctl', startArgs),
      async stop() {
        if (stopped) return;
        stopped = true;
        await runPg('pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w']).catch(() => stopSync(dataDir));
        unregister();
        removeDirSync(root);
      },
    };
  } catch (err) {
    unregister();
    if (started) stopSync(dataDir);
    removeDirSync(root);
    throw err;
  }
}
