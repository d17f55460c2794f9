/**
 * A real mosquitto broker for tests: its own config in a temp dir, listening on 127.0.0.1 on a
 * port the OS picked, restartable on the same port so reconnect behaviour can be tested.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killSync, onProcessExit, ownedPrefix, removeDirSync, sweepLeftovers } from './cleanup.ts';
import { freePort, waitForPort } from './net.ts';

export const MOSQUITTO_BIN = '/usr/sbin/mosquitto';

export interface MosquittoBroker {
  url: string;
  port: number;
  /** SIGTERM and wait for the process to exit. */
  stop(): Promise<void>;
  /** Start again on the same port (after stop or kill). */
  start(): Promise<void>;
  /** SIGKILL and wait: the broker dies without a clean shutdown. */
  kill(): Promise<void>;
}

export class MosquittoStartError extends Error {
  readonly code = 'MOSQUITTO_START_FAILED';
}

function brokerConfig(port: number, extraConfig: string): string {
  return [
    `listener ${port} 127.0.0.1`,
    'allow_anonymous true',
    'set_tcp_nodelay true',
    'max_queued_messages 100000',
    'persistence false',
    // Keep root so the parent-death signal set by setpriv survives (dropping privileges clears it).
    'user root',
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    extraConfig,
    '',
  ].join('\n');
}

/** Limits how much broker output is kept for error messages. */
function tailBuffer(limit: number): { push(chunk: Buffer): void; text(): string } {
  let kept = '';
  return {
    push(chunk) {
      kept = (kept + chunk.toString('utf8')).slice(-limit);
    },
    text: () => kept,
  };
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startMosquitto(
  opts: { port?: number; extraConfig?: string } = {},
): Promise<MosquittoBroker> {
  if (!existsSync(MOSQUITTO_BIN)) {
    throw new MosquittoStartError(
      `${MOSQUITTO_BIN} is missing; install it with: apt-get install -y mosquitto`,
    );
  }
  sweepLeftovers('mosquitto');
  const port = opts.port ?? (await freePort());
  const dir = await mkdtemp(join(tmpdir(), ownedPrefix('mosquitto')));
  let child: ChildProcess | undefined;
  const unregister = onProcessExit(() => {
    killSync(child?.pid);
    removeDirSync(dir);
  });
  const confPath = join(dir, 'mosquitto.conf');
  await writeFile(confPath, brokerConfig(port, opts.extraConfig ?? ''));

  async function start(): Promise<void> {
    if (child && child.exitCode === null && child.signalCode === null) return;
    const output = tailBuffer(4000);
    // setpriv --pdeathsig: the broker dies with the test process even if that is SIGKILLed.
    const proc = spawn('/usr/bin/setpriv', ['--pdeathsig', 'SIGKILL', '--', MOSQUITTO_BIN, '-c', confPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout?.on('data', (c: Buffer) => output.push(c));
    proc.stderr?.on('data', (c: Buffer) => output.push(c));
    let spawnError: Error | undefined;
    proc.once('error', (err) => {
      spawnError = err;
    });
    child = proc;
    try {
      await waitForPort(port, 5000, () => {
        if (spawnError) return spawnError.message;
        if (proc.exitCode !== null || proc.signalCode !== null) {
          return `mosquitto exited (${proc.exitCode ?? proc.signalCode}): ${output.text().trim()}`;
        }
        return undefined;
      });
    } catch (err) {
      proc.kill('SIGKILL');
      await waitForExit(proc);
      throw new MosquittoStartError(`mosquitto on port ${port} did not start: ${(err as Error).message}`);
    }
  }

  async function signal(sig: NodeJS.Signals): Promise<void> {
    const proc = child;
    if (!proc) return;
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(sig);
    await waitForExit(proc);
  }

  try {
    await start();
  } catch (err) {
    unregister();
    removeDirSync(dir);
    throw err;
  }

  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    start,
    kill: () => signal('SIGKILL'),
    // The temp dir with the config stays until the process exits, so start() works after stop().
    stop: () => signal('SIGTERM'),
  };
}
